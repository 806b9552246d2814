import SluiceCore
import SluiceIndex

extension SegmentDocument {
    /// The change that puts a stored document back into an index with the searchable fields at `fields`: an upsert
    /// of `json` at `version`, or, without `json`, a delete at `version` (a delete the old index kept).
    /// - Throws: ``SluiceIndex/IndexError`` with `.incompatible` when `json` is not JSON (naming `index`).
    static func restored(id: String, version: Int64, json: (some Collection<UInt8>)?, fields: [FieldPath], index: String) throws -> IndexChange {
        guard let json else { return .delete(id: id, version: version) }
        guard let payload = try? JSONValue.parse(json) else {
            throw IndexError(.incompatible, "document '\(id)' of index '\(index)' is not stored as JSON")
        }
        return .upsert(document(id: id, version: version, payload: payload, fields: fields))
    }

    /// The paths of `fields`, or why one is not a path (naming `index`).
    static func paths(of fields: [String], index: String) throws -> [FieldPath] {
        try fields.map { field in
            guard let path = FieldPath(field) else { throw IndexError(.incompatible, "index '\(index)' has field '\(field)', which is not a path") }
            return path
        }
    }
}
