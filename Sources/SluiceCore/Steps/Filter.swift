/// A filter: a pipeline step that keeps or drops a record without changing it.
///
/// Configuration shape, one key per filter:
/// ```yaml
/// - subjects: {include: [es.iconik.>], exclude: [es.iconik.logs]}   # the record's subject
/// - operations: [index, update]                                   # the envelope's derived operation
/// - where: {path: payload.status, equals: active}                 # a field predicate
/// ```
public enum Filter: Sendable, Hashable {
    /// Keep records whose subject the selector selects (`subjects`). The record must come with a subject.
    case subjects(SubjectSelector)
    /// Keep records whose ``Envelope/operation`` is listed (`operations`).
    case operations([Operation])
    /// Keep records satisfying the predicate (`where`).
    case field(FieldPredicate)

    /// The configuration keys, one per case.
    public static let keys = ["subjects", "operations", "where"]

    /// Whether this filter looks at the record's subject.
    public var needsSubject: Bool {
        if case .subjects = self { true } else { false }
    }

    /// `nil` to keep the record, or why it is dropped.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidSubject`` when this is a ``subjects(_:)``
    ///   filter and `subject` is `nil`.
    func dropReason(for envelope: Envelope, subject: String?) throws -> String? {
        switch self {
        case .subjects(let selector):
            guard let subject else {
                throw SluiceError(.invalidSubject, "a subjects filter needs the record's subject, and it has none")
            }
            return selector.matches(subject) ? nil : "subject \(subject) is not selected by the subjects filter"
        case .operations(let operations):
            let operation = envelope.operation
            return operations.contains(operation)
                ? nil : "operation \(operation.rawValue) is not one of \(operations.map(\.rawValue))"
        case .field(let predicate):
            return predicate.matches(envelope) ? nil : "the record does not satisfy \(predicate)"
        }
    }
}

extension Filter: Codable {
    /// Decodes a one-key object: `subjects`, `operations` or `where`.
    public init(from decoder: any Decoder) throws {
        let (container, key) = try StepCoding.singleKey(decoder, allowed: Self.keys, kind: "filter")
        switch key {
        case "subjects": self = .subjects(try container.decode(SubjectSelector.self, forKey: StepCodingKey(key)))
        case "operations": self = .operations(try container.decode([Operation].self, forKey: StepCodingKey(key)))
        default: self = .field(try container.decode(FieldPredicate.self, forKey: StepCodingKey(key)))
        }
    }

    /// Encodes the one-key object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: StepCodingKey.self)
        switch self {
        case .subjects(let selector): try container.encode(selector, forKey: StepCodingKey("subjects"))
        case .operations(let operations): try container.encode(operations, forKey: StepCodingKey("operations"))
        case .field(let predicate): try container.encode(predicate, forKey: StepCodingKey("where"))
        }
    }
}
