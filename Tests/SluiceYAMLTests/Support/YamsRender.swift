import SluiceYAML
import Yams

/// Yams' node trees written the way `Render` writes ours, for comparing the two readers.
enum YamsRender {
    static func tree(_ node: Yams.Node, bareKeys: Bool = false) -> String {
        switch node {
        case .scalar(let scalar): Render.scalarText(scalar.string, style(scalar.style))
        case .sequence(let items): "[" + items.map { tree($0, bareKeys: bareKeys) }.joined(separator: ", ") + "]"
        case .mapping(let mapping):
            "{"
                + mapping.map { (bareKeys ? $0.key.string ?? "?" : tree($0.key)) + ": " + tree($0.value, bareKeys: bareKeys) }
                .joined(separator: ", ") + "}"
        case .alias: "*alias"
        }
    }

    static func style(_ style: Yams.Node.Scalar.Style) -> YAMLScalar.Style {
        switch style {
        case .singleQuoted: .singleQuoted
        case .doubleQuoted: .doubleQuoted
        case .literal: .literal
        case .folded: .folded
        default: .plain
        }
    }
}
