/// A condition on one field of a record, for a ``Filter/field(_:)`` filter.
///
/// The path starts at an envelope field (`resource_type`, `payload.status`; see ``Envelope/value(at:)``). A field
/// that is `null` counts as absent. Numbers compare by value, so `1` equals `1.0`.
///
/// Configuration shape: a `path` and exactly one of `equals`, `in`, `exists`, `prefix`:
/// ```yaml
/// where: {path: payload.status, equals: active}
/// where: {path: resource_type, in: [assets, meta]}
/// where: {path: payload.deleted_at, exists: false}
/// where: {path: resource_id, prefix: "user-"}
/// ```
public struct FieldPredicate: Sendable, Hashable, Codable {
    /// What the field must satisfy.
    public enum Condition: Sendable, Hashable {
        /// The field equals the value (`equals`).
        case equals(JSONValue)
        /// The field equals one of the values (`in`).
        case oneOf([JSONValue])
        /// The field is present and not `null` (`exists: true`), or absent or `null` (`exists: false`).
        case exists(Bool)
        /// The field is a string starting with the text (`prefix`).
        case prefix(String)
    }

    /// The field tested.
    public var path: JSONPath
    /// What it must satisfy.
    public var condition: Condition

    /// A condition on the field at `path`.
    public init(path: JSONPath, _ condition: Condition) {
        self.path = path
        self.condition = condition
    }

    /// Whether `envelope` satisfies the condition.
    public func matches(_ envelope: Envelope) -> Bool {
        let value = envelope.value(at: path).flatMap { $0 == .null ? nil : $0 }
        switch condition {
        case .equals(let expected):
            guard let value else { return expected == .null }
            return Self.same(value, expected)
        case .oneOf(let candidates):
            guard let value else { return candidates.contains(.null) }
            return candidates.contains { Self.same(value, $0) }
        case .exists(let shouldExist):
            return (value != nil) == shouldExist
        case .prefix(let prefix):
            guard case .string(let string)? = value else { return false }
            return string.hasPrefix(prefix)
        }
    }

    private static func same(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if case .int(let left) = lhs, case .int(let right) = rhs { return left == right }
        if let left = lhs.doubleValue, let right = rhs.doubleValue { return left == right }
        return lhs == rhs
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case path, equals, `in`, exists, prefix
    }

    /// Decodes `path` and exactly one of `equals`, `in`, `exists`, `prefix`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(JSONPath.self, forKey: .path)
        let conditions = container.allKeys.filter { $0 != .path }
        guard conditions.count == 1, let key = conditions.first else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "a field condition has a path and exactly one of equals, in, exists, prefix"
                )
            )
        }
        switch key {
        case .equals: condition = .equals(try container.decode(JSONValue.self, forKey: key))
        case .in: condition = .oneOf(try container.decode([JSONValue].self, forKey: key))
        case .exists: condition = .exists(try container.decode(Bool.self, forKey: key))
        default: condition = .prefix(try container.decode(String.self, forKey: key))
        }
    }

    /// Encodes `path` and the condition's key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        switch condition {
        case .equals(let value): try container.encode(value, forKey: .equals)
        case .oneOf(let values): try container.encode(values, forKey: .in)
        case .exists(let flag): try container.encode(flag, forKey: .exists)
        case .prefix(let prefix): try container.encode(prefix, forKey: .prefix)
        }
    }
}

extension FieldPredicate: CustomStringConvertible {
    /// The condition in words, for drop reasons: `payload.status equals "active"`.
    public var description: String {
        switch condition {
        case .equals(let value): "\(path) equals \(value)"
        case .oneOf(let values): "\(path) in \(JSONValue.array(values))"
        case .exists(true): "\(path) exists"
        case .exists(false): "\(path) does not exist"
        case .prefix(let prefix): "\(path) starts with \(JSONValue.string(prefix))"
        }
    }
}
