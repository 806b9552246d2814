import NIOCore
import NIOPosix

/// A full-text index of our own: documents inverted into immutable, memory-mapped segments, ranked with BM25.
///
/// The index lives in one directory, spread over ``Configuration/shards`` subdirectories (`shard-0`, …) by a hash
/// of the document id; a batch is written to the shards side by side, each by its own writer, since one writer is
/// one core. Every ``apply(_:)`` inverts the shard's new documents into a segment kept in memory, searchable at
/// once, and appends them to the shard's write-ahead log, synced (unless ``Configuration/synchronous`` is
/// ``Synchronous/normal``), before it returns: a change is durable and searchable once the call returns. When a
/// shard's buffer reaches ``Configuration/buffer``, or on ``commit()``, its buffered segments are written as one
/// segment file, synced and named in the shard's manifest (replaced atomically), and the log is cut; at open the
/// log is replayed, so a crash at any moment loses nothing acknowledged. That flush runs on a thread of the shard's
/// own while writes go on filling the buffer; a writer that finds the buffer at twice its size waits for it.
/// Background merges (``MergePolicy``) keep the segment count bounded without blocking writers or searches;
/// searches read a snapshot and never wait.
///
/// ```swift
/// let index = try SegmentIndex.open(directory: ".sluice/index/assets", fields: [IndexField("title", weight: 2), IndexField("body")])
/// let outcomes = try await index.apply([.upsert(IndexDocument(id: "1", version: 1, fields: ["River", "A long river"], source: bytes))])
/// let results = try await index.search("river OR lake", limit: 10)
/// index.close()
/// ```
public final class SegmentIndex: Sendable {
    /// How an index is opened.
    public struct Configuration: Sendable {
        /// How many shards a new index is spread over (1 to ``maximumShards``); an existing index keeps its count.
        /// Default 2: two writers use both cores of a small machine.
        public var shards: Int = 2
        /// When a shard's buffer is written as a segment file.
        public var buffer = Buffer()
        /// When segments are merged.
        public var mergePolicy = MergePolicy()
        /// How long a search may take before it is stopped. Default 2 seconds.
        public var searchTimeout: Duration = .seconds(2)
        /// Whether each shard's due flushes and its merges run on background threads of their own; with `false` a
        /// flush runs in the write that made it due and merges only when ``merge()`` is called. Default `true`.
        public var backgroundThreads = true
        /// Whether each write's log record is synced before ``apply(_:)`` returns. Default ``Synchronous/full``.
        public var synchronous = Synchronous.full

        /// The defaults.
        public init() {}
    }

    /// The size at which a shard's in-memory buffer is flushed as a segment file: whichever comes first.
    public struct Buffer: Sendable, Hashable {
        /// Buffered documents (deletions included). Default 50,000.
        public var documents = 50_000
        /// Bytes of the buffered segments. Default 64 MiB.
        public var bytes = 64 << 20

        /// The defaults.
        public init() {}
    }

    /// The threads the shards' writes run on, one per core, so that log syncs and flushes never hold Swift's
    /// cooperative threads.
    private static let writers = startedPool()

    /// The threads searches run on, one per core, started with the first search: a search is seconds of CPU at worst
    /// (up to its timeout), which on Swift's cooperative threads would hold back every other task of the process.
    private static let searchers = startedPool()

    /// A started pool of one thread per core.
    private static func startedPool() -> NIOThreadPool {
        let pool = NIOThreadPool(numberOfThreads: System.coreCount)
        pool.start()
        return pool
    }

    /// The most shards an index may have.
    public static let maximumShards = 16
    /// The most hits one page may ask for.
    public static let maximumPageSize = 1000
    /// The largest offset a search may start at.
    public static let maximumOffset = 10_000

    /// The directory.
    public let directory: String
    /// The searchable fields.
    public let fields: [IndexField]
    let shards: [IndexShard]
    private let mergers: [BackgroundThread]
    /// One per shard: writes the buffer as a segment once it is due, while writers go on filling it.
    private let flushers: [BackgroundThread]
    private let searchTimeout: Duration

    private init(directory: String, fields: [IndexField], shards: [IndexShard], configuration: Configuration) {
        self.directory = directory
        self.fields = fields
        self.shards = shards
        searchTimeout = configuration.searchTimeout
        let mergers = configuration.backgroundThreads ? shards.map { shard in BackgroundThread { _ = try? shard.mergeUntilSettled() } } : []
        // A background flush that fails leaves the buffer as it was (in memory and in the log): the next due write
        // tries again, and a writer that finds the buffer overdue flushes itself and reports the error.
        flushers = zip(shards, mergers).map { shard, merger in
            BackgroundThread { if (try? shard.flush(onlyWhenDue: true)) == true { merger.wake() } }
        }
        self.mergers = mergers
    }

    /// Opens the index in `directory`, creating it with `fields` when there is none.
    /// - Throws: ``IndexError/Code/invalidArgument`` for no fields, more than 255 or a shard count out of range;
    ///   ``IndexError/Code/incompatible`` when the directory holds an index with other fields or is not an index
    ///   directory; ``IndexError/Code/corrupt`` when a file is damaged; ``IndexError/Code/io``.
    public static func open(directory: String, fields: [IndexField], configuration: Configuration = Configuration()) throws -> SegmentIndex {
        guard !fields.isEmpty, fields.count <= Int(UInt8.max) else {
            throw IndexError(.invalidArgument, "an index needs 1 to 255 fields, not \(fields.count)")
        }
        guard fields.allSatisfy({ $0.weight > 0 && $0.weight.isFinite }) else {
            throw IndexError(.invalidArgument, "field weights must be positive numbers")
        }
        let kind = Files.kind(directory)
        if kind.exists && !kind.directory {
            throw IndexError(.incompatible, "\(directory) is a file, not a segment index directory")
        }
        let count = try existingShards(directory) ?? configuration.shards
        guard (1...maximumShards).contains(count) else {
            throw IndexError(.invalidArgument, "shards must be between 1 and \(maximumShards), not \(count)")
        }
        guard configuration.buffer.documents > 0, configuration.buffer.bytes > 0 else {
            throw IndexError(.invalidArgument, "the buffer's sizes must be positive")
        }
        guard configuration.searchTimeout > .zero else {
            throw IndexError(.invalidArgument, "the search timeout must be positive, not \(configuration.searchTimeout)")
        }
        let shards = try (0..<count).map { number in
            try IndexShard(
                directory: "\(directory)/shard-\(number)",
                fields: fields,
                policy: configuration.mergePolicy,
                buffer: configuration.buffer,
                synchronous: configuration.synchronous
            )
        }
        let index = SegmentIndex(directory: directory, fields: fields, shards: shards, configuration: configuration)
        index.mergers.forEach { $0.wake() }
        return index
    }

    /// Opens an existing index with the fields it was created with; `nil` when `directory` holds none.
    public static func openExisting(directory: String, configuration: Configuration = Configuration()) throws -> SegmentIndex? {
        guard let fields = try existingFields(in: directory) else { return nil }
        return try open(directory: directory, fields: fields, configuration: configuration)
    }

    /// The fields of the index in `directory`, read without opening it; `nil` when `directory` holds none.
    /// - Throws: ``IndexError/Code/corrupt`` when its manifest is damaged; ``IndexError/Code/io``.
    public static func existingFields(in directory: String) throws -> [IndexField]? {
        guard try existingShards(directory) != nil else { return nil }
        let path = "\(directory)/shard-0/\(Manifest.fileName)"
        guard let bytes = try Files.read(path) else { return nil }
        return try Manifest(decoding: bytes, path: path).fields
    }

    /// How many `shard-N` directories `directory` has, or `nil` when it has none.
    private static func existingShards(_ directory: String) throws -> Int? {
        guard Files.kind(directory).directory else { return nil }
        let count = try Files.list(directory).filter { $0.hasPrefix("shard-") }.count
        return count > 0 ? count : nil
    }

    /// The shard holding document `id`: FNV-1a of its UTF-8 bytes, stable across processes and versions.
    func shard(of id: String) -> Int {
        guard shards.count > 1 else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(shards.count))
    }

    /// Applies a batch of changes: per id the one with the highest version counts (the first of equals), and only
    /// when it is newer than what the index holds. Durable and searchable once it returns.
    /// - Returns: One outcome per change, in order.
    /// - Throws: ``IndexError/Code/io`` when a shard could not write (its part of the batch may not be applied;
    ///   others may be, and applying the batch again is harmless); ``IndexError/Code/closed``.
    public func apply(_ changes: [IndexChange]) async throws -> [IndexChangeOutcome] {
        try await apply(changes, id: { $0.pointee.id }, change: { $0.pointee }).map { $0.get() }
    }

    /// Applies a batch of items of the caller's kind, each made into its change by `change` on the writer of its
    /// shard (by `id`), as ``apply(_:)`` applies changes: a change is then made, logged and inverted by one thread,
    /// which costs less than changes made beforehand on other threads, whose every string and array the writers
    /// would have to take over from another core. The closures read each item where it is in `items`.
    /// - Returns: One result per item, in order: the outcome of its change, or the error `change` threw for it (and
    ///   nothing of it is applied).
    /// - Throws: As ``apply(_:)``.
    package func apply<Item: Sendable, Failure: Error>(
        _ items: [Item],
        id: (UnsafePointer<Item>) -> String,
        change: @escaping @Sendable (UnsafePointer<Item>) throws(Failure) -> IndexChange
    ) async throws -> [Result<IndexChangeOutcome, Failure>] {
        var perShard = [[Int]](repeating: [], count: shards.count)
        items.withUnsafeBufferPointer { items in
            guard let base = items.baseAddress else { return }
            for position in items.indices { perShard[shard(of: id(base + position))].append(position) }
        }
        let shards = shards
        let flushers = flushers
        let parts = try await withThrowingTaskGroup(of: ShardPart<Failure>.self) { group in
            for (number, positions) in perShard.enumerated() where !positions.isEmpty {
                group.addTask {
                    try await Self.writers.runIfActive {
                        let (made, changes, failures) = Self.changes(of: positions, in: items, change)
                        let newest = Self.newestPerID(changes)
                        let (applied, flush) = try shards[number].apply(newest.count == changes.count ? changes : newest.map { changes[$0] })
                        switch flush {
                        case .none: break
                        case .due where !flushers.isEmpty: flushers[number].wake()
                        // Overdue: a background flush is running (or failing); waiting for it keeps the buffer bounded.
                        case .due, .overdue: try shards[number].flush(onlyWhenDue: true)
                        }
                        return ShardPart(applied: newest.indices.filter { applied[$0] }.map { made[newest[$0]] }, failures: failures)
                    }
                }
            }
            var parts: [ShardPart<Failure>] = []
            for try await part in group { parts.append(part) }
            return parts
        }
        var results = [Result<IndexChangeOutcome, Failure>](repeating: .success(.stale), count: items.count)
        for part in parts {
            for position in part.applied { results[position] = .success(.applied) }
            for (position, error) in part.failures { results[position] = .failure(error) }
        }
        if parts.contains(where: { !$0.applied.isEmpty }) { mergers.forEach { $0.wake() } }
        return results
    }

    /// What one shard's writer did with its part of a batch: the positions applied, and those whose change could not
    /// be made, with why.
    private struct ShardPart<Failure: Error>: Sendable {
        var applied: [Int]
        var failures: [(Int, Failure)]
    }

    /// The changes of the items at `positions` (ascending), with the positions they were made for, and the positions
    /// whose change threw, with the error.
    private static func changes<Item, Failure: Error>(
        of positions: [Int],
        in items: [Item],
        _ change: (UnsafePointer<Item>) throws(Failure) -> IndexChange
    ) -> (made: [Int], changes: [IndexChange], failures: [(Int, Failure)]) {
        var made: [Int] = []
        var changes: [IndexChange] = []
        var failures: [(Int, Failure)] = []
        made.reserveCapacity(positions.count)
        changes.reserveCapacity(positions.count)
        items.withUnsafeBufferPointer { items in
            guard let base = items.baseAddress else { return }
            for position in positions {
                do throws(Failure) {
                    changes.append(try change(base + position))
                    made.append(position)
                } catch {
                    failures.append((position, error))
                }
            }
        }
        return (made, changes, failures)
    }

    /// The positions in `changes` of the newest change of each id: the highest version, the first of equals;
    /// ascending.
    private static func newestPerID(_ changes: [IndexChange]) -> [Int] {
        var slots: [String: Int] = [:]
        slots.reserveCapacity(changes.count)
        var kept: [Int] = []
        kept.reserveCapacity(changes.count)
        var replaced = false
        for position in changes.indices {
            let id = changes[position].id
            if let slot = slots[id] {
                if changes[kept[slot]].version < changes[position].version {
                    kept[slot] = position
                    replaced = true
                }
                continue
            }
            slots[id] = kept.count
            kept.append(position)
        }
        if replaced { kept.sort() }
        return kept
    }

    /// Writes every shard's buffer as a segment file now, on the caller's thread. The buffered changes are durable
    /// already (through the log); a commit makes the log short and reopening quick.
    public func commit() throws {
        for shard in shards { try shard.flush() }
        mergers.forEach { $0.wake() }
    }

    /// Commits, then runs the merges the policy asks for now, on the caller's thread.
    public func merge() throws {
        for shard in shards {
            try shard.flush()
            try shard.mergeUntilSettled()
        }
    }

    /// The shards (writers) the index is spread over.
    public var shardCount: Int { shards.count }

    /// How many live documents the index holds.
    public var count: Int { shards.reduce(0) { $0 + $1.snapshot.liveDocuments } }

    /// How many segments the shards have in all.
    public var segmentCount: Int { shards.reduce(0) { $0 + $1.snapshot.segments.count } }

    /// The bytes of the live segments, in files and in memory.
    public var sizeInBytes: Int { shards.reduce(0) { $0 + $1.snapshot.segments.reduce(0) { $0 + $1.reader.size } } }

    /// The document `id`, or `nil` when there is none or it was deleted.
    public func get(id: String) throws -> IndexHit? {
        let shard = shards[shard(of: id)]
        let snapshot = shard.snapshot
        guard let location = shard.location(of: id), !location.deletion,
            let segment = snapshot.segments.first(where: { $0.reader.number == Int(location.segment) })
        else { return nil }
        return IndexHit(id: id, version: location.version, score: 0, source: try segment.reader.source(Int(location.doc)))
    }

    /// Finds the documents matching `query` (``QueryParser`` syntax), best first, within `timeout`
    /// (``Configuration/searchTimeout`` when `nil`).
    /// - Throws: ``IndexError/Code/invalidQuery``; ``IndexError/Code/invalidArgument`` for a limit or offset
    ///   out of range; ``IndexError/Code/timedOut`` past the timeout; ``IndexError/Code/corrupt`` when a segment
    ///   turns out damaged.
    public func search(_ query: String, limit: Int = 10, offset: Int = 0, timeout: Duration? = nil) async throws -> IndexResults {
        guard (0...Self.maximumPageSize).contains(limit) else {
            throw IndexError(.invalidArgument, "limit must be between 0 and \(Self.maximumPageSize), not \(limit)")
        }
        guard (0...Self.maximumOffset).contains(offset) else {
            throw IndexError(.invalidArgument, "offset must be between 0 and \(Self.maximumOffset), not \(offset)")
        }
        let deadline = ContinuousClock.now + (timeout ?? searchTimeout)
        let parsed = try QueryParser.parse(query, fieldNames: fields.map(\.name))
        let keep = limit == 0 ? 0 : offset + limit
        let snapshots = shards.map(\.snapshot)
        let ranked = try await withThrowingTaskGroup(of: (Int, Int, [ShardSearch.Hit]).self) { group in
            for (number, snapshot) in snapshots.enumerated() {
                group.addTask {
                    let (total, hits) = try await Self.searchers.runIfActive {
                        try ShardSearch(snapshot: snapshot, query: parsed, deadline: deadline).run(keep: keep)
                    }
                    return (number, total, hits)
                }
            }
            var results: [(shard: Int, total: Int, hits: [ShardSearch.Hit])] = []
            for try await result in group { results.append(result) }
            return results
        }
        let total = ranked.reduce(0) { $0 + $1.total }
        let page = ranked.flatMap { result in result.hits.enumerated().map { (shard: result.shard, rank: $0.offset, hit: $0.element) } }
            .sorted { a, b in a.hit.score != b.hit.score ? a.hit.score > b.hit.score : (a.shard, a.rank) < (b.shard, b.rank) }
            .dropFirst(offset).prefix(limit)
        let hits = try page.map { entry in
            let reader = snapshots[entry.shard].segments[entry.hit.segment].reader
            let document = reader.entry(Int(entry.hit.doc))
            return IndexHit(id: document.id, version: document.version, score: entry.hit.score, source: try reader.source(Int(entry.hit.doc)))
        }
        return IndexResults(total: total, hits: hits)
    }

    /// Stops the merges (waiting for a running one), commits the buffers and refuses further writes. A buffer that
    /// cannot be written stays in the log and is replayed at the next open. Searches on snapshots taken before
    /// keep working.
    public func close() {
        flushers.forEach { $0.stop() }
        mergers.forEach { $0.stop() }
        for shard in shards { _ = try? shard.flush() }
        shards.forEach { $0.close() }
    }
}

/// A page of results.
public struct IndexResults: Sendable, Hashable {
    /// How many documents match in all.
    public var total: Int
    /// The page, best first.
    public var hits: [IndexHit]
}

/// A document found.
public struct IndexHit: Sendable, Hashable {
    public var id: String
    public var version: Int64
    /// Its BM25 score; higher is better; comparable only within one query.
    public var score: Double
    /// The stored source.
    public var source: [UInt8]
}
