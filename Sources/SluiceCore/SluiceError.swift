/// An error from Sluice's domain layer: bad JSON, a bad subject, a record that fails validation, a bad setting.
///
/// Match on ``code``; ``reason`` says what went wrong for people (and for the DLQ headers) and may change.
/// A record-level error (``Code/validationFailed``, ``Code/transformFailed``, ``Code/invalidEnvelope``,
/// ``Code/malformedJSON``, ``Code/invalidSubject`` while rendering) is permanent: retrying the same record fails again,
/// so the runtime sends it to the DLQ.
///
/// The reason may quote values from the record (a field path, a rendered subject token).
public struct SluiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; ``description`` is a stable `snake_case` label,
    /// suitable for a metric label or a DLQ header.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// Bytes that are not valid JSON (RFC 8259); ``SluiceError/byteOffset`` says where.
        public static let malformedJSON = Code("malformed_json")
        /// Valid JSON that is not an envelope: a required field is missing or has the wrong type.
        public static let invalidEnvelope = Code("invalid_envelope")
        /// A JSON path that does not parse, or an operation a path cannot do (set through a string, remove a required field).
        public static let invalidPath = Code("invalid_path")
        /// A subject that is not a valid concrete NATS subject, or a rendered subject token that is not allowed.
        public static let invalidSubject = Code("invalid_subject")
        /// A subject pattern (with `*` and `>`) that is not valid.
        public static let invalidSubjectPattern = Code("invalid_subject_pattern")
        /// A subject template that does not parse or names an unknown placeholder.
        public static let invalidTemplate = Code("invalid_template")
        /// A record that does not satisfy a declared schema.
        public static let validationFailed = Code("validation_failed")
        /// A transform that cannot be applied to a record (for example, lowercasing a number).
        public static let transformFailed = Code("transform_failed")
        /// A duration text such as `250ms` that does not parse.
        public static let invalidDuration = Code("invalid_duration")
        /// A size text such as `5MB` that does not parse.
        public static let invalidSize = Code("invalid_size")
        /// A setting out of its allowed range (a zero rate, a negative threshold).
        public static let invalidConfiguration = Code("invalid_configuration")

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, for people.
    public var reason: String
    /// For ``Code/malformedJSON`` and ``Code/invalidEnvelope`` from a parser: the offset of the offending byte
    /// in the input. `nil` otherwise.
    public var byteOffset: Int?

    /// Creates an error with a code, a reason and, for parse errors, the offset of the offending byte.
    public init(_ code: Code, _ reason: String, byteOffset: Int? = nil) {
        self.code = code
        self.reason = reason
        self.byteOffset = byteOffset
    }

    public var description: String { "SluiceError.\(code): \(reason)" }
}
