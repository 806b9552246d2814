import FoundationEssentials
import SluiceCore
import SluiceRuntime

/// Where a watch source is in each index: the highest cursor value emitted and stored, the document ids seen at
/// exactly that value (so a poll starting there does not emit them again), and whether the first snapshot is done.
struct IndexCursor: Codable, Sendable, Hashable {
    /// The cursor (epoch milliseconds for a date field, the value for an integer field); `nil` before any.
    var value: Int64?
    /// Ids emitted at exactly ``value``.
    var idsAtValue: [String] = []
    /// Whether the snapshot of the index was read through and stored.
    var snapshotDone = false
    /// Whether the cursor field holds dates (queried as RFC 3339 text) rather than numbers.
    var isDate: Bool?

    enum CodingKeys: String, CodingKey {
        case value = "cursor"
        case idsAtValue = "ids_at_cursor"
        case snapshotDone = "snapshot_done"
        case isDate = "cursor_is_date"
    }

    /// The lower bound of a range query from `start`, in the cursor's own form.
    func queryValue(_ start: Int64) -> JSONValue {
        isDate == true ? .string(RFC3339.format(Date(timeIntervalSince1970: Double(start) / 1000))) : .int(start)
    }

    /// Moves the cursor to a document's value (never back).
    mutating func advance(to newValue: Int64, id: String, isDate: Bool) {
        self.isDate = isDate
        if let value, newValue < value { return }
        if newValue != value {
            value = newValue
            idsAtValue = []
        }
        if !idsAtValue.contains(id) { idsAtValue.append(id) }
    }
}

/// A watch pipeline's cursors, one JSON document per pipeline in a ``SluiceRuntime/CheckpointStore``: the
/// transport's key-value bucket (key = pipeline name) or a file.
struct WatchCheckpoint: Sendable {
    let store: any CheckpointStore

    func load() async throws -> [String: IndexCursor] {
        guard let document = try await store.load() else { return [:] }
        return try JSONDecoder().decode([String: IndexCursor].self, from: Data(document))
    }

    func save(_ cursors: [String: IndexCursor]) async throws {
        try await store.save(Array(try JSONEncoder().encode(cursors)))
    }
}
