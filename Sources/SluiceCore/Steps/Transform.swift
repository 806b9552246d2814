import FoundationEssentials

/// A transform: a pipeline step that changes a record, or rejects it.
///
/// Paths start at an envelope field (`resource_type`, `payload.source`; see ``Envelope/value(at:)``); writes to
/// envelope fields must keep their types (see ``Envelope/setValue(_:at:)``). A transform whose source field is absent
/// does nothing. A transform that cannot be applied rejects the record with
/// ``SluiceError/Code/transformFailed``; a failed ``validate(_:)`` rejects it with
/// ``SluiceError/Code/validationFailed``.
///
/// Configuration shape, one key per transform:
/// ```yaml
/// - set: {path: payload.source, value: gcp}          # any JSON value
/// - rename: {from: payload.old_name, to: payload.name}
/// - copy: {from: resource_id, to: payload.id}
/// - drop: {path: payload.secret}
/// - lowercase: {path: payload.email}                  # a string, or an array of strings
/// - trim: {path: payload.title}                       # whitespace and newlines at both ends
/// - timestamp: {path: payload.indexed_at, format: rfc3339}   # rfc3339 (default), unix_seconds, unix_millis
/// - validate: {required: [payload.id], types: {payload.year: integer}}
/// ```
public enum Transform: Sendable, Hashable {
    /// Sets the field to a value, creating missing objects on the way (`set`).
    case set(path: JSONPath, value: JSONValue)
    /// Moves a field (`rename`).
    case rename(from: JSONPath, to: JSONPath)
    /// Copies a field (`copy`).
    case copy(from: JSONPath, to: JSONPath)
    /// Removes a field (`drop`); required envelope fields cannot be dropped.
    case drop(path: JSONPath)
    /// Lowercases a string, or each string of an array (`lowercase`).
    case lowercase(path: JSONPath)
    /// Trims whitespace and newlines from both ends of a string, or of each string of an array (`trim`).
    case trim(path: JSONPath)
    /// Sets the field to the time the step runs (`timestamp`).
    case timestamp(path: JSONPath, format: TimestampFormat)
    /// Rejects records that do not satisfy the schema (`validate`).
    case validate(Schema)

    /// The configuration keys, one per case.
    public static let keys = ["set", "rename", "copy", "drop", "lowercase", "trim", "timestamp", "validate"]

    /// Applies the transform to `envelope`, using `now` for timestamps.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/transformFailed`` or
    ///   ``SluiceError/Code/validationFailed``.
    func apply(to envelope: inout Envelope, now: Date) throws {
        switch self {
        case .set(let path, let value):
            try failing("set \(path)") { try envelope.setValue(value, at: path) }
        case .rename(let from, let to):
            guard let value = envelope.value(at: from) else { return }
            try failing("rename \(from) to \(to)") {
                try envelope.setValue(value, at: to)
                try envelope.removeValue(at: from)
            }
        case .copy(let from, let to):
            guard let value = envelope.value(at: from) else { return }
            try failing("copy \(from) to \(to)") { try envelope.setValue(value, at: to) }
        case .drop(let path):
            try failing("drop \(path)") { try envelope.removeValue(at: path) }
        case .lowercase(let path):
            try mapStrings(at: path, in: &envelope, "lowercase") { $0.lowercased() }
        case .trim(let path):
            try mapStrings(at: path, in: &envelope, "trim") { $0.trimmingWhitespace() }
        case .timestamp(let path, let format):
            try failing("timestamp \(path)") { try envelope.setValue(format.value(for: now), at: path) }
        case .validate(let schema):
            try schema.validate(envelope)
        }
    }

    private func mapStrings(
        at path: JSONPath,
        in envelope: inout Envelope,
        _ name: String,
        _ transform: (String) -> String
    ) throws {
        let mapped: JSONValue
        switch envelope.value(at: path) {
        case nil, .null?:
            return
        case .string(let string)?:
            mapped = .string(transform(string))
        case .array(let elements)? where elements.allSatisfy({ $0.stringValue != nil }):
            mapped = .array(elements.map { .string(transform($0.stringValue!)) })
        case let other?:
            throw SluiceError(
                .transformFailed,
                "\(name) \(path): it is \(other.type.rawValue), not a string or array of strings"
            )
        }
        try failing("\(name) \(path)") { try envelope.setValue(mapped, at: path) }
    }

    private func failing(_ step: @autoclosure () -> String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as SluiceError {
            throw SluiceError(.transformFailed, "\(step()): \(error.reason)")
        }
    }
}
