import SluiceCore
import SluiceYAML

/// A YAML node with the field path that leads to it.
public struct ConfigField {
    /// The node.
    public let node: YAMLNode
    /// Where it is: `pipelines[0].batch`.
    public let path: String

    /// A field at `path`; the root of a document has the empty path.
    public init(node: YAMLNode, path: String) {
        self.node = node
        self.path = path
    }

    /// The path of a key below this mapping.
    public func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// Reads typed values out of a composed YAML document, collecting every problem with its position
/// instead of stopping at the first, so `sluice config check` can list them all.
public final class ConfigReader {
    /// The file name used in issues.
    public let file: String
    /// Replaces `${…}` in scalars.
    let interpolation: EnvironmentInterpolation
    /// Problems found so far.
    public private(set) var issues: [ConfigIssue] = []

    /// A reader for one file; `${NAME}` in its scalars is replaced from `environment`.
    public init(file: String, environment: [String: String]) {
        self.file = file
        self.interpolation = EnvironmentInterpolation(environment: environment)
    }

    /// Records a problem at a node.
    public func report(_ field: ConfigField, _ message: String) {
        report(at: field.node.mark, path: field.path, message)
    }

    /// Records a problem at a position. The values of environment variables the file refers to are replaced by their
    /// `${NAME}` in the message, so an error never prints a secret that came from the environment.
    public func report(at mark: YAMLMark?, path: String, _ message: String) {
        var message = message
        for (value, reference) in secrets.sorted(by: { $0.key.count > $1.key.count }) {
            message = message.replacing(value, with: reference)
        }
        issues.append(ConfigIssue(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, path: path, message: message))
    }

    /// Values that came from the environment (three characters or more), by the reference that brought them in.
    private var secrets: [String: String] = [:]

    // MARK: Structure

    /// The keys of a mapping, reporting keys not in `allowed` and keys given twice.
    public func mapping(_ field: ConfigField, allowed: [String]) -> [String: ConfigField]? {
        guard let mapping = field.node.mapping else {
            report(field, "expected a mapping with keys \(allowed.joined(separator: ", ")), got \(describe(field.node))")
            return nil
        }
        var result: [String: ConfigField] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                report(at: keyNode.mark, path: field.path, "keys must be plain strings")
                continue
            }
            let childField = ConfigField(node: value, path: field.child(key))
            guard allowed.contains(key) else {
                report(at: keyNode.mark, path: childField.path, "unknown key '\(key)'; allowed: \(allowed.joined(separator: ", "))")
                continue
            }
            if result[key] != nil {
                report(at: keyNode.mark, path: childField.path, "given twice")
            }
            result[key] = childField
        }
        return result
    }

    /// The entries of a mapping whose keys are names the user chooses (index names, cluster names), in order.
    public func entries(_ field: ConfigField, what: String) -> [(key: String, field: ConfigField)]? {
        guard let mapping = field.node.mapping else {
            report(field, "expected a mapping of \(what), got \(describe(field.node))")
            return nil
        }
        var result: [(key: String, field: ConfigField)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string, !key.isEmpty else {
                report(at: keyNode.mark, path: field.path, "keys must be plain, non-empty strings")
                continue
            }
            if result.contains(where: { $0.key == key }) { report(at: keyNode.mark, path: field.child(key), "given twice") }
            result.append((key, ConfigField(node: value, path: field.child(key))))
        }
        return result
    }

    /// The items of a sequence, each with its indexed path.
    public func sequence(_ field: ConfigField) -> [ConfigField]? {
        guard let sequence = field.node.sequence else {
            report(field, "expected a list, got \(describe(field.node))")
            return nil
        }
        return sequence.enumerated().map { ConfigField(node: $1, path: "\(field.path)[\($0)]") }
    }

    /// Reports a missing required key at its parent mapping.
    public func require(_ key: String, in keys: [String: ConfigField], parent: ConfigField, what: String) -> ConfigField? {
        if let field = keys[key] { return field }
        report(at: parent.node.mark, path: parent.child(key), "missing; expected \(what)")
        return nil
    }

    // MARK: Scalars

    /// The interpolated text of a scalar.
    public func string(_ field: ConfigField) -> String? {
        guard let scalar = field.node.scalar else {
            report(field, "expected a string, got \(describe(field.node))")
            return nil
        }
        for (name, value) in interpolation.values(referencedIn: scalar.string) where value.count >= 3 {
            secrets[value] = "${\(name)}"
        }
        switch interpolation.interpolate(scalar.string) {
        case .success(let text): return text
        case .failure(let failure):
            report(field, failure.message)
            return nil
        }
    }

    /// A non-empty string.
    public func nonEmptyString(_ field: ConfigField, what: String = "a non-empty string") -> String? {
        guard let text = string(field) else { return nil }
        guard !text.isEmpty else {
            report(field, "expected \(what), got an empty string")
            return nil
        }
        return text
    }

    /// An integer of at least `minimum`.
    public func integer(_ field: ConfigField, minimum: Int = 1) -> Int? {
        guard let text = string(field) else { return nil }
        let cleaned = text.filter { $0 != "_" }
        guard let value = Int(cleaned), value >= minimum else {
            let kind = minimum == 1 ? "a positive integer" : minimum == 0 ? "a non-negative integer" : "an integer of at least \(minimum)"
            report(field, "expected \(kind), got \(quoted(text))")
            return nil
        }
        return value
    }

    /// A number (integer or decimal) in a range.
    public func number(_ field: ConfigField, in range: ClosedRange<Double>) -> Double? {
        guard let text = string(field) else { return nil }
        guard let value = Double(text), range.contains(value) else {
            report(field, "expected a number from \(range.lowerBound) to \(range.upperBound), got \(quoted(text))")
            return nil
        }
        return value
    }

    /// `true`/`false` (also `yes`/`no`, `on`/`off`).
    public func bool(_ field: ConfigField) -> Bool? {
        guard let text = string(field) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            report(field, "expected true or false, got \(quoted(text))")
            return nil
        }
    }

    /// One of a fixed set of words.
    public func choice<T: RawRepresentable>(_ field: ConfigField, as type: T.Type) -> T? where T.RawValue == String, T: CaseIterable {
        guard let text = string(field) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            report(field, "expected one of \(allowed), got \(quoted(text))")
            return nil
        }
        return value
    }

    /// A duration such as `250ms`, `5s`, `2m`.
    public func duration(_ field: ConfigField) -> Duration? {
        guard let text = string(field) else { return nil }
        do {
            return try Duration(parsing: text)
        } catch {
            report(field, (error as? SluiceError)?.reason ?? "\(error)")
            return nil
        }
    }

    /// A size in bytes such as `512KB`, `5MB`.
    public func size(_ field: ConfigField) -> Int? {
        guard let text = string(field) else { return nil }
        do {
            let size = try ByteSize(parsing: text)
            guard size.bytes > 0 else {
                report(field, "expected a positive size such as 512KB or 5MB, got \(quoted(text))")
                return nil
            }
            return size.bytes
        } catch {
            report(field, (error as? SluiceError)?.reason ?? "\(error)")
            return nil
        }
    }

    /// A string, or a list of strings.
    public func stringList(_ field: ConfigField) -> [String]? {
        if field.node.scalar != nil { return string(field).map { [$0] } }
        guard let items = sequence(field) else { return nil }
        let values = items.compactMap { nonEmptyString($0) }
        return values.count == items.count ? values : nil
    }

    // MARK: Helpers

    public func quoted(_ text: String) -> String { "\"\(text)\"" }

    public func describe(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let scalar): "\(quoted(scalar.string))"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}
