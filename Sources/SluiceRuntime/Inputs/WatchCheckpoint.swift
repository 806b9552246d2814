import Foundation
import JetStream
import NIOCore
import SluiceCore

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

/// Keeps a watch pipeline's cursors, one document per pipeline: in a JetStream key-value bucket (key = pipeline
/// name) or in a JSON file replaced atomically.
protocol WatchCheckpointStore: Sendable {
    func load() async throws -> [String: IndexCursor]
    func save(_ cursors: [String: IndexCursor]) async throws
}

/// The cursors in a JetStream key-value bucket (created when missing).
struct KeyValueCheckpointStore: WatchCheckpointStore {
    let context: JetStreamContext
    let bucket: String
    let key: String

    func load() async throws -> [String: IndexCursor] {
        let store = try await open()
        guard let entry = try await store.get(key) else { return [:] }
        return try JSONDecoder().decode([String: IndexCursor].self, from: Data(entry.value.readableBytesView))
    }

    func save(_ cursors: [String: IndexCursor]) async throws {
        let data = try JSONEncoder().encode(cursors)
        _ = try await open().put(key, ByteBuffer(bytes: data))
    }

    private func open() async throws -> KeyValue {
        do {
            return try await context.keyValue(bucket)
        } catch let error as JetStreamError where error.code == .bucketNotFound {
            return try await context.createKeyValue(KeyValueConfig(bucket: bucket))
        }
    }
}

/// The cursors in a JSON file, written to a temporary file and renamed, so a crash leaves the old or the new.
struct FileCheckpointStore: WatchCheckpointStore {
    let path: String

    func load() async throws -> [String: IndexCursor] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return try JSONDecoder().decode([String: IndexCursor].self, from: data)
    }

    func save(_ cursors: [String: IndexCursor]) async throws {
        let data = try JSONEncoder().encode(cursors)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data), rename(temporary, path) == 0 else {
            throw FileSourceError(.io, "cannot write the checkpoint \(path)")
        }
    }
}
