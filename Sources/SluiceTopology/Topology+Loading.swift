import Foundation
import SluiceRuntime
import SluiceYAML

extension Topology {
    /// Reads and checks a topology file.
    ///
    /// - Throws: `ConfigError` listing every problem as `file:line:column: field: message`, in document order.
    public static func load(file: String) throws -> Topology {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadable, issues: [ConfigIssue(file: file, line: 0, column: 0, path: "", message: "cannot read: \(error)")])
        }
        return try parse(text, file: file)
    }

    /// Reads and checks the text of a topology file; `file` names it in problems.
    public static func parse(_ text: String, file: String = "topology.yaml") throws -> Topology {
        let root: YAMLNode?
        do {
            root = try YAMLNode.parse(text)
        } catch {
            throw ConfigError(.syntax, issues: [ConfigIssue(syntax: error, file: file)])
        }
        // No `${…}` interpolation: the file holds names of variables, never their values.
        let reader = ConfigReader(file: file, environment: [:])
        guard let root else {
            throw ConfigError(.invalid, issues: [ConfigIssue(file: file, line: 0, column: 0, path: "central", message: "the file is empty")])
        }
        let decoder = TopologyDecoder(reader: reader)
        let topology = decoder.decode(ConfigField(node: root, path: ""))
        guard let topology, reader.issues.isEmpty else {
            let ordered = reader.issues.enumerated().sorted { a, b in
                (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
            }
            throw ConfigError(.invalid, issues: ordered.map(\.element))
        }
        return topology
    }
}
