/// A declared shape that records must have, for a ``Transform/validate(_:)`` step.
///
/// Paths start at an envelope field (see ``Envelope/value(at:)``). A required field must be present and not `null`.
/// A typed field, when present and not `null`, must have its type (see ``JSONType``; `number` accepts integers).
///
/// Configuration shape (both keys optional):
/// ```yaml
/// validate:
///   required: [payload.id, payload.title]
///   types: {payload.id: string, payload.year: integer, payload.tags: array}
/// ```
public struct Schema: Sendable, Hashable {
    /// Fields that must be present and not `null`.
    public var required: [JSONPath]
    /// Fields that must have a type when present and not `null`.
    public var types: [JSONPath: JSONType]

    /// A schema; with no arguments it accepts everything.
    public init(required: [JSONPath] = [], types: [JSONPath: JSONType] = [:]) {
        self.required = required
        self.types = types
    }

    /// What is wrong with `envelope`, one line per problem: required fields in order, then typed fields by path.
    /// Empty when it is valid.
    public func violations(in envelope: Envelope) -> [String] {
        var violations: [String] = []
        for path in required {
            switch envelope.value(at: path) {
            case nil: violations.append("\(path) is required")
            case .null?: violations.append("\(path) is required, found null")
            default: break
            }
        }
        var typeViolations: [(path: String, text: String)] = []
        for (path, type) in types {
            guard let value = envelope.value(at: path), value != .null, !type.accepts(value) else { continue }
            typeViolations.append(("\(path)", "\(path) must be \(type.rawValue), found \(value.type.rawValue)"))
        }
        return violations + typeViolations.sorted { $0.path < $1.path }.map(\.text)
    }

    /// Checks `envelope` against the schema.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/validationFailed`` whose reason lists every problem,
    ///   separated by `; `.
    public func validate(_ envelope: Envelope) throws {
        let violations = violations(in: envelope)
        guard violations.isEmpty else {
            throw SluiceError(.validationFailed, violations.joined(separator: "; "))
        }
    }
}

extension Schema: Codable {
    private enum CodingKeys: String, CodingKey {
        case required, types
    }

    /// Decodes `required` (a list of paths) and `types` (a map from path to type name), both optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        required = try container.decodeIfPresent([JSONPath].self, forKey: .required) ?? []
        let typeNames = try container.decodeIfPresent([String: JSONType].self, forKey: .types) ?? [:]
        types = [:]
        for (text, type) in typeNames {
            do {
                types[try JSONPath(parsing: text)] = type
            } catch let error as SluiceError {
                throw DecodingError.dataCorruptedError(forKey: .types, in: container, debugDescription: error.reason)
            }
        }
    }

    /// Encodes `required` and `types`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(required, forKey: .required)
        let typeNames = Dictionary(uniqueKeysWithValues: types.map { ($0.key.description, $0.value) })
        try container.encode(typeNames, forKey: .types)
    }
}
