import SluiceCore
import SluiceIndex

/// Turns envelopes into changes of a segment index, as the FTS5 index reads them: the id is the envelope's
/// `resourceID`; a delete event deletes; any other event stores the payload, which must be an object, with each
/// searchable field's text taken the way SQLite's `json_extract` renders it (strings as they are, numbers in
/// decimal, `true`/`false` as `1`/`0`, arrays and objects as JSON text, `null` or a missing path as nothing).
public enum SegmentDocument {
    /// The longest id accepted, in UTF-8 bytes (as the FTS5 index).
    static let maximumIDLength = 512

    /// Applies `envelopes` to `index` with the searchable fields at `fieldPaths`; each envelope is made into its
    /// change on the writer of its shard.
    /// - Returns: Per envelope, in order: `nil` when it was applied (or found stale), or why it cannot be indexed.
    /// - Throws: What ``SluiceIndex/SegmentIndex/apply(_:)`` throws.
    public static func apply(_ envelopes: [Envelope], to index: SegmentIndex, fieldPaths: [String]) async throws -> [Rejection?] {
        let paths = fieldPaths.map { FieldPath($0) ?? FieldPath("_")! }
        let outcomes = try await index.apply(
            envelopes,
            id: { $0.pointee.resourceID },
            change: { envelope throws(Rejection) in try change(for: envelope, fields: paths).get() }
        )
        return outcomes.map { outcome in
            guard case .failure(let rejection) = outcome else { return nil }
            return rejection
        }
    }

    /// The change for the envelope at `envelope`, or why it cannot be indexed. It reads the envelope where it is: an
    /// envelope passed by value is copied first, every one of its strings retained, which costs more than the rest.
    static func change(for envelope: UnsafePointer<Envelope>, fields: [FieldPath]) -> Result<IndexChange, Rejection> {
        let id = envelope.pointee.resourceID
        guard !id.isEmpty else { return .failure(Rejection("the document id is empty")) }
        guard id.utf8.count <= maximumIDLength else {
            return .failure(Rejection("the document id is longer than \(maximumIDLength) bytes"))
        }
        let version = envelope.pointee.version
        if Operation(eventType: envelope.pointee.eventType) == .delete { return .success(.delete(id: id, version: version)) }
        guard case .object = envelope.pointee.payload else {
            return .failure(Rejection("the payload of a '\(envelope.pointee.eventType)' event is not a JSON object"))
        }
        return .success(.upsert(document(id: id, version: version, payload: envelope.pointee.payload, fields: fields)))
    }

    /// The document `payload` is at `version`: its source, and the text of each searchable field at `fields`.
    static func document(id: String, version: Int64, payload: JSONValue, fields: [FieldPath]) -> IndexDocument {
        IndexDocument(id: id, version: version, fields: fields.map { $0.value(in: payload).flatMap(text) }, source: payload.serialized())
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .null: nil
        case .bool(let flag): flag ? "1" : "0"
        case .int(let number): String(number)
        case .double(let number): "\(number)"
        case .string(let string): string
        case .array, .object: String(decoding: value.serialized(), as: UTF8.self)
        }
    }

    /// Why an envelope cannot be indexed.
    public struct Rejection: Error {
        /// For people, and the dead letter.
        public let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}

/// A path to a value in a payload: keys separated by dots, each optionally followed by array indexes
/// (`title`, `author.name`, `tags[0]`).
struct FieldPath: Sendable, Hashable {
    enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    let components: [Component]

    /// Parses `text`; `nil` when it is not a path.
    init?(_ text: String) {
        var components: [Component] = []
        for segment in text.split(separator: ".", omittingEmptySubsequences: false) {
            let key = segment.prefix { $0 != "[" }
            guard !key.isEmpty else { return nil }
            components.append(.key(String(key)))
            var rest = segment.dropFirst(key.count)
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0
                else { return nil }
                components.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        self.components = components
    }

    /// The value at the path in `value`, or `nil` when a key or index along it is missing.
    func value(in value: JSONValue) -> JSONValue? {
        var current: JSONValue? = value
        for component in components {
            switch component {
            case .key(let key): current = current?[key]
            case .index(let index): current = current?[index]
            }
        }
        return current
    }
}
