import SluiceCore

/// One envelope's change to an index, ready to write.
struct IndexWrite: Sendable {
    /// The envelope's position in its batch.
    let position: Int
    let id: String
    let version: Int64
    /// The document as JSON text; `nil` for a delete.
    let body: String?

    /// The longest id accepted, in UTF-8 bytes (Elasticsearch's limit).
    static let maximumIDLength = 512

    /// The write for `envelope`, or the reason it cannot be indexed.
    ///
    /// An index or update stores the whole payload (an update replaces the document); a delete stores a
    /// tombstone. The id is the envelope's `resourceID`, or the value at `idPath` in the payload.
    static func make(from envelope: Envelope, position: Int, idPath: FieldPath?) -> Result<IndexWrite, Rejection> {
        let id: String
        if let idPath {
            switch envelope.payload.value(at: idPath) {
            case .string(let value): id = value
            case .int(let value): id = String(value)
            default: return .failure(Rejection("the payload has no string or integer id at '\(idPath.text)'"))
            }
        } else {
            id = envelope.resourceID
        }
        guard !id.isEmpty else { return .failure(Rejection("the document id is empty")) }
        guard id.utf8.count <= maximumIDLength else {
            return .failure(Rejection("the document id is longer than \(maximumIDLength) bytes"))
        }
        if envelope.operation == .delete {
            return .success(IndexWrite(position: position, id: id, version: envelope.version, body: nil))
        }
        guard case .object = envelope.payload else {
            return .failure(Rejection("the payload of a '\(envelope.eventType)' event is not a JSON object"))
        }
        let body = String(decoding: envelope.payload.serialized(), as: UTF8.self)
        return .success(IndexWrite(position: position, id: id, version: envelope.version, body: body))
    }

    /// The writes that count, in batch order: per id, the one with the highest version (the first of equals).
    static func newestPerID(_ writes: [IndexWrite]) -> [IndexWrite] {
        var newest: [String: Int] = [:]
        for (offset, write) in writes.enumerated() {
            if let current = newest[write.id], writes[current].version >= write.version { continue }
            newest[write.id] = offset
        }
        return newest.values.sorted().map { writes[$0] }
    }
}

/// Why an envelope cannot be indexed.
struct Rejection: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

extension JSONValue {
    /// The value at `path`, or `nil` when a key or index along it is missing.
    func value(at path: FieldPath) -> JSONValue? {
        var current: JSONValue? = self
        for component in path.components {
            switch component {
            case .key(let key): current = current?[key]
            case .index(let index): current = current?[index]
            }
        }
        return current
    }
}
