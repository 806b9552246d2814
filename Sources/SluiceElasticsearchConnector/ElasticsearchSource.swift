import FoundationEssentials
import Logging
import NIOCore
import SluiceCore
import SluiceElasticsearch
import SluiceRuntime
import Synchronization

/// Watches Elasticsearch or OpenSearch indices: a snapshot of each (point in time where the server has one), then
/// polling by the cursor field, each hit emitted as an envelope.
///
/// Elasticsearch has no change feed: a poll asks for documents whose cursor is at least the checkpoint's minus
/// `overlap` (documents committed late with an older cursor are still found), sorted by cursor; when they fill more
/// than a page, they are paged with `search_after` and a tiebreaker. Hard deletes are invisible; a soft-delete field (`deleted_field`) turns a document
/// into a delete event. Event ids are derived from index, id and version, so a document read twice (the overlap, a
/// restart) gets the same id and JetStream's duplicate window drops it; the write role's external versions make
/// any later duplicate harmless too. The checkpoint advances only when the transport stored the records before it.
final class ElasticsearchSource: RecordSource {
    let config: ElasticsearchSourceConfig
    let client: ElasticsearchClient
    let store: WatchCheckpoint
    let producer: String
    let logger: Logger
    private let runID = ULID.generate().description
    private let state = Mutex(State())

    private struct State {
        /// What is stored (the last committed cursors).
        var committed: [String: IndexCursor] = [:]
        /// The cursors reached after each emitted record, by sequence, not yet committed.
        var pending: [(sequence: Int64, cursors: [String: IndexCursor])] = []
        /// The cursors after the last emitted record.
        var current: [String: IndexCursor] = [:]
        var sequence: Int64 = 0
        /// (index, id, version) emitted recently, so the overlap window is not emitted on every poll.
        var recent: Set<String> = []
        var recentOrder: [String] = []
    }

    init(config: ElasticsearchSourceConfig, client: ElasticsearchClient, store: WatchCheckpoint, producer: String, logger: Logger) {
        self.config = config
        self.client = client
        self.store = store
        self.producer = producer
        self.logger = logger
    }

    func run(into output: BoundedChannel<SourceRecord>, stopping: @escaping @Sendable () -> Bool) async throws {
        let loaded = try await withRetry(stopping: stopping, "read the checkpoint") { try await self.store.load() }
        guard let loaded else { return }
        state.withLock { state in
            state.committed = loaded
            state.current = loaded
            // The documents at the checkpoint's cursor were stored: a poll starting there skips them.
            for (index, cursor) in loaded {
                guard let value = cursor.value else { continue }
                for id in cursor.idsAtValue { state.recent.insert(Self.key(index, id, value)) }
            }
        }
        for index in config.indices where config.snapshot && !(loaded[index]?.snapshotDone ?? false) {
            let finished = try await withRetry(stopping: stopping, "snapshot \(index)") {
                try await self.snapshot(index, into: output, stopping: stopping)
            }
            guard finished == true else { return }
        }
        while !stopping(), !Task.isCancelled {
            for index in config.indices {
                let finished = try await withRetry(stopping: stopping, "poll \(index)") {
                    try await self.poll(index, into: output, stopping: stopping)
                }
                guard finished == true else { return }
            }
            try await pause(config.interval, stopping: stopping)
        }
    }

    func commit(_ position: SourcePosition) async throws {
        let cursors: [String: IndexCursor]? = state.withLock { state in
            guard let last = state.pending.lastIndex(where: { $0.sequence <= position.offset }) else { return nil }
            let cursors = state.pending[last].cursors
            state.pending.removeFirst(last + 1)
            state.committed = cursors
            return cursors
        }
        if let cursors { try await store.save(cursors) }
    }

    // MARK: Reading

    /// Reads the whole index once; returns `false` when stopped before the end.
    private func snapshot(
        _ index: String,
        into output: BoundedChannel<SourceRecord>,
        stopping: @escaping @Sendable () -> Bool
    ) async throws
        -> Bool
    {
        var emitted = 0
        let finished = try await pages(index, query: nil, sort: [], stopping: stopping) { hits in
            for hit in hits {
                guard try await self.emit(hit, index: index, sortedByCursor: false, into: output) else { return false }
                emitted += 1
            }
            return true
        }
        guard finished else { return false }
        try await markSnapshotDone(index)
        logger.info("snapshot read", metadata: ["index": "\(index)", "documents": "\(emitted)"])
        return true
    }

    /// Reads what changed since the cursor (minus the overlap); returns `false` when stopped.
    private func poll(_ index: String, into output: BoundedChannel<SourceRecord>, stopping: @escaping @Sendable () -> Bool) async throws -> Bool {
        let cursor = state.withLock { $0.current[index] }
        let query: JSONValue? = cursor.flatMap { cursor in
            cursor.value.map { .object(["range": .object([config.cursorField: .object(["gte": cursor.queryValue($0 - overlapUnits)])])]) }
        }
        return try await pages(index, query: query, sort: [SortField(config.cursorField)], stopping: stopping) { hits in
            for hit in hits {
                guard try await self.emit(hit, index: index, sortedByCursor: true, into: output) else { return false }
            }
            return true
        }
    }

    /// Pages through the hits of `query` in `index` with `search_after`, sorted by `sort` and a tiebreaker: inside a
    /// point in time with `_shard_doc` where the server has one (Elasticsearch 8 and later refuse to sort on `_id`),
    /// else by `_id`; a poll that fits in one page is one search without either. `body` gets each page; returns
    /// `false` when `body` or `stopping` stopped it.
    private func pages(
        _ index: String,
        query: JSONValue?,
        sort: [SortField],
        stopping: @escaping @Sendable () -> Bool,
        _ body: ([ElasticsearchHit]) async throws -> Bool
    ) async throws -> Bool {
        if !sort.isEmpty {
            // Most polls find less than a page: one search sorted by the cursor alone holds them all, with no point in
            // time to open and close (each costs the server a snapshot of the index). A full page means more follow:
            // then everything is read again in a tiebroken order, below.
            var request = SearchRequest(index: index, query: query, sort: sort, size: config.pageSize)
            request.trackTotalHits = false
            let page = try await client.search(request)
            if page.hits.count < config.pageSize { return try await body(page.hits) }
        }
        var pointInTime: PointInTime?
        if client.serverInfo.supportsPointInTime {
            pointInTime = try await client.openPointInTime(index: index, keepAlive: .seconds(120))
        }
        defer { if let pointInTime { Task { [client] in try? await client.closePointInTime(pointInTime) } } }
        var after: [JSONValue]?
        while !stopping(), !Task.isCancelled {
            var request: SearchRequest
            if let pointInTime {
                request = SearchRequest(
                    indices: [],
                    query: query,
                    sort: sort + [SortField("_shard_doc")],
                    size: config.pageSize,
                    searchAfter: after,
                    pointInTime: pointInTime
                )
            } else {
                request = SearchRequest(index: index, query: query, sort: sort + [SortField("_id")], size: config.pageSize, searchAfter: after)
            }
            request.trackTotalHits = false
            let page = try await client.search(request)
            if let id = page.pointInTimeID, let current = pointInTime { pointInTime = PointInTime(id: id, keepAlive: current.keepAlive) }
            guard try await body(page.hits) else { return false }
            guard page.hits.count == config.pageSize, let last = page.hits.last else { return true }
            after = last.sort
        }
        return false
    }

    /// The overlap in cursor units: milliseconds for dates (and, by convention, for integer cursors too).
    private var overlapUnits: Int64 {
        let (seconds, attoseconds) = config.overlap.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    // MARK: Emitting

    /// Sends one hit as an envelope unless it was emitted recently; `false` when the pipeline is closing.
    private func emit(_ hit: ElasticsearchHit, index: String, sortedByCursor: Bool, into output: BoundedChannel<SourceRecord>) async throws -> Bool {
        let cursor = WatchCursorValue(hit: hit, field: config.cursorField, sortedByCursor: sortedByCursor)
        let version = cursor?.value ?? hit.version ?? 0
        let key = Self.key(index, hit.id, version)
        let position: SourcePosition? = state.withLock { state in
            if state.recent.contains(key) { return nil }
            state.recent.insert(key)
            state.recentOrder.append(key)
            if state.recentOrder.count > 200_000 {
                for old in state.recentOrder.prefix(100_000) { state.recent.remove(old) }
                state.recentOrder.removeFirst(100_000)
            }
            state.sequence += 1
            if let cursor { state.current[index, default: IndexCursor()].advance(to: cursor.value, id: hit.id, isDate: cursor.isDate) }
            state.pending.append((state.sequence, state.current))
            return SourcePosition(file: "\(index)#\(runID)", offset: state.sequence)
        }
        guard let position else { return true }
        let envelope = makeEnvelope(hit, index: index, version: version, cursor: cursor)
        return await output.send(SourceRecord(bytes: ByteBuffer(bytes: envelope.encoded()), position: position))
    }

    private static func key(_ index: String, _ id: String, _ version: Int64) -> String {
        "\(index)\u{1F}\(id)\u{1F}\(version)"
    }

    private func makeEnvelope(_ hit: ElasticsearchHit, index: String, version: Int64, cursor: WatchCursorValue?) -> Envelope {
        let payload = hit.source ?? .object(JSONObject())
        let deleted = config.deletedField.map { payload[path: JSONPath(components: [.key($0)])] == .bool(true) } ?? false
        let occurred = cursor?.isDate == true ? Date(timeIntervalSince1970: Double(version) / 1000) : Date()
        return Envelope(
            eventID: WatchEventID.make(index: index, id: hit.id, version: version).description,
            producer: producer,
            resourceType: index,
            resourceID: hit.id,
            eventType: deleted ? "deleted" : "updated",
            occurredAt: RFC3339.format(occurred),
            version: version,
            payload: payload
        )
    }

    /// Records that a snapshot is done, with the records before it: committed with them.
    private func markSnapshotDone(_ index: String) async throws {
        let cursors: [String: IndexCursor]? = state.withLock { state in
            state.current[index, default: IndexCursor()].snapshotDone = true
            if state.pending.isEmpty {
                state.committed[index, default: IndexCursor()].snapshotDone = true
                return state.committed
            }
            state.pending[state.pending.count - 1].cursors = state.current
            return nil
        }
        if let cursors { try await store.save(cursors) }
    }

    // MARK: Waiting

    /// Runs `body` until it succeeds, logging and backing off on errors (the cluster may be down, the index missing);
    /// `nil` when stopped first.
    private func withRetry<T: Sendable>(stopping: @escaping @Sendable () -> Bool, _ what: String, _ body: () async throws -> T) async throws -> T? {
        var failures = 0
        while !stopping(), !Task.isCancelled {
            do {
                return try await body()
            } catch {
                failures += 1
                logger.warning("cannot \(what); retrying", metadata: ["error": "\(error)", "attempt": "\(failures)"])
                try await pause(.milliseconds(min(10_000, 250 * (1 << min(failures, 6)))), stopping: stopping)
            }
        }
        return nil
    }

    private func pause(_ duration: Duration, stopping: @escaping @Sendable () -> Bool) async throws {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end, !stopping() {
            try await Task.sleep(for: min(.milliseconds(50), end - .now))
        }
    }
}
