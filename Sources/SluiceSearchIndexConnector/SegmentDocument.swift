import SluiceCore
import SluiceIndex

/// Turns envelopes into changes of a segment index, as the FTS5 index reads them: the id is the envelope's
/// `resourceID`; a delete event deletes; any other event stores the payload, which must be an object, with each
/// searchable field's text taken the way SQLite's `json_extract` renders it (strings as they are, numbers in
/// decimal, `true`/`false` as `1`/`0`, arrays and objects as JSON text, `null` or a missing path as nothing).
public enum SegmentDocument {
    /// The longest id accepted, in UTF-8 bytes (as the FTS5 index).
    static let maximumIDLength = 512

    /// The fewest envelopes a task converts when a batch is split between several.
    static let minimumChunk = 256

    /// The changes for `envelopes` with the searchable fields at `fieldPaths`, in order: each a change, or why the
    /// envelope cannot be indexed. A large batch is split into up to `tasks` parts converted side by side; callers
    /// pass the index's shard count, so converting uses as many cores as writing does.
    public static func changes(for envelopes: [Envelope], fieldPaths: [String], tasks: Int = 1) async -> [Result<IndexChange, Rejection>] {
        let paths = fieldPaths.map { FieldPath($0) ?? FieldPath("_")! }
        let parts = min(tasks, envelopes.count / minimumChunk)
        guard parts > 1 else { return envelopes.map { change(for: $0, fields: paths) } }
        let size = (envelopes.count + parts - 1) / parts
        return await withTaskGroup(of: (start: Int, changes: [Result<IndexChange, Rejection>]).self) { group in
            for start in stride(from: 0, to: envelopes.count, by: size) {
                let part = envelopes[start..<min(start + size, envelopes.count)]
                group.addTask { (start, part.map { change(for: $0, fields: paths) }) }
            }
            var converted: [(start: Int, changes: [Result<IndexChange, Rejection>])] = []
            for await part in group { converted.append(part) }
            return converted.sorted { $0.start < $1.start }.flatMap(\.changes)
        }
    }

    /// The change for `envelope`, or why it cannot be indexed.
    static func change(for envelope: Envelope, fields: [FieldPath]) -> Result<IndexChange, Rejection> {
        let id = envelope.resourceID
        guard !id.isEmpty else { return .failure(Rejection("the document id is empty")) }
        guard id.utf8.count <= maximumIDLength else {
            return .failure(Rejection("the document id is longer than \(maximumIDLength) bytes"))
        }
        if envelope.operation == .delete { return .success(.delete(id: id, version: envelope.version)) }
        guard case .object = envelope.payload else {
            return .failure(Rejection("the payload of a '\(envelope.eventType)' event is not a JSON object"))
        }
        return .success(.upsert(document(id: id, version: envelope.version, payload: envelope.payload, fields: fields)))
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
