import Synchronization

/// One directory of a segment index: its manifest, its segments, its write-ahead log, the id → (segment, document,
/// version) map and the snapshot searches read. Applied changes become a segment kept in memory (searchable at
/// once, durable through the log); a flush writes the buffered segments as one file once they reach a size, or on
/// a commit. Writes, flushes and merge installs take turns on the writer lock; searches only copy the published
/// snapshot and never wait for any of them.
final class IndexShard: Sendable {
    struct Segment {
        let reader: SegmentReader
        var superseded: Bitmap
    }

    struct WriterState {
        var manifest: Manifest
        var segments: [Int: Segment]
        var locations: IDMap
        var liveDocuments: Int
        var liveTokens: UInt64
        /// The segments held in memory only, oldest first: their changes are in the log.
        var buffered: [Int] = []
        var bufferedDocuments = 0
        var bufferedBytes = 0
        /// Segments a running merge or flush is rewriting.
        var merging: Set<Int> = []
        var closed = false
        let log: WriteAheadLog
        /// Inverts each batch; kept from one batch to the next with its buffers.
        var builder: SegmentBuilder
    }

    let directory: String
    let writer: Mutex<WriterState>
    private let published: Mutex<ShardSnapshot>
    let policy: MergePolicy
    let buffer: SegmentIndex.Buffer
    /// Held by the one running flush.
    let flushes = Mutex(())

    /// Opens the shard in `directory`, creating it with `fields` when it does not exist, replays its log and
    /// rewrites segments of the first format; its log records are synced as `synchronous` says.
    /// - Throws: ``IndexError/Code/incompatible`` when it exists with other fields; ``IndexError/Code/corrupt``
    ///   when the manifest, a segment it names or a log record is damaged.
    init(directory: String, fields: [IndexField], policy: MergePolicy, buffer: SegmentIndex.Buffer, synchronous: SegmentIndex.Synchronous) throws {
        self.directory = directory
        self.policy = policy
        self.buffer = buffer
        try Files.makeDirectory(directory)
        let manifestPath = "\(directory)/\(Manifest.fileName)"
        var manifest: Manifest
        if let bytes = try Files.read(manifestPath) {
            manifest = try Manifest(decoding: bytes, path: manifestPath)
            guard manifest.fields.map({ $0.name.lowercased() }) == fields.map({ $0.name.lowercased() }) else {
                throw IndexError(
                    .incompatible,
                    "the index in \(directory) has fields \(manifest.fields.map(\.name)), not \(fields.map(\.name)); remove the directory to rebuild it"
                )
            }
            if manifest.fields != fields {
                manifest.fields = fields
                manifest.generation += 1
                try Files.replaceAtomically(manifestPath, with: manifest.encoded, directory: directory)
            }
        } else {
            manifest = Manifest(fields: fields)
            try Files.replaceAtomically(manifestPath, with: manifest.encoded, directory: directory)
        }
        let named = Set(manifest.segments.map { "\($0).seg" })
        for name in try Files.list(directory)
        where name != Manifest.fileName && !named.contains(name) && !WriteAheadLog.isLogFile(name) {
            Files.remove("\(directory)/\(name)")
        }
        let logs = try WriteAheadLog.files(in: directory)
        var state = WriterState(
            manifest: manifest,
            segments: [:],
            locations: IDMap(),
            liveDocuments: 0,
            liveTokens: 0,
            log: try WriteAheadLog(directory: directory, number: (logs.last ?? 0) + 1, synchronous: synchronous),
            builder: SegmentBuilder(fieldCount: fields.count)
        )
        for number in manifest.segments {
            let reader = try SegmentReader(path: "\(directory)/\(number).seg", number: number, fieldCount: fields.count)
            state.add(reader)
        }
        for log in logs {
            for batch in try WriteAheadLog.replay(log, in: directory) { _ = try state.buffer(batch, logging: false) }
        }
        // Nothing replayed was newer than the segments: the old log files hold nothing more.
        if state.buffered.isEmpty, let last = logs.last { try WriteAheadLog.remove(through: last, in: directory) }
        published = Mutex(state.snapshot())
        writer = Mutex(state)
        try rewriteInterleavedSegments()
    }

    /// The snapshot searches read now.
    var snapshot: ShardSnapshot { published.withLock { $0 } }

    func publish(_ snapshot: ShardSnapshot) { published.withLock { $0 = snapshot } }

    /// How much the buffer needs a flush.
    enum FlushNeed {
        /// The buffer is below the size it is flushed at.
        case none
        /// A flush should start.
        case due
        /// Twice the size: the writer waits for a flush rather than outrun the running one.
        case overdue
    }

    /// Takes the changes (distinct ids) that are newer than what the shard holds into the buffer, logged (and synced,
    /// when the log is) before it returns; returns which were applied and how much the buffer needs a flush.
    func apply(_ changes: [IndexChange]) throws -> (applied: [Bool], flush: FlushNeed) {
        try writer.withLock { state in
            guard !state.closed else { throw IndexError(.closed, "the index is closed") }
            let applied = try state.buffer(changes, logging: true)
            publish(state.snapshot())
            return (applied, state.flushNeed(buffer))
        }
    }

    /// The current location of document `id`.
    func location(of id: String) -> DocumentLocation? { writer.withLock { $0.locations[id] } }

    /// Stops taking writes.
    func close() { writer.withLock { $0.closed = true } }
}

extension IndexShard.WriterState {
    /// Builds the changes newer than what the shard holds as one segment in memory and takes it in, after
    /// appending them to the log when `logging`; returns which were applied. The log record is written first and
    /// synced on the log's thread while the segment is built; the segment is taken in (and so searchable) only once
    /// the record is durable.
    mutating func buffer(_ changes: [IndexChange], logging: Bool) throws -> [Bool] {
        var applied = [Bool](repeating: false, count: changes.count)
        for (position, change) in changes.enumerated() {
            if let current = locations[change.id], current.version >= change.version { continue }
            applied[position] = true
        }
        guard applied.contains(true) else { return applied }
        let newer = changes.indices.lazy.filter { [applied] in applied[$0] }.map { changes[$0] }
        if logging { try log.beginAppend(newer) }
        let built = Result { () throws -> SegmentReader in
            builder.reset()
            for change in newer { builder.add(change) }
            return try SegmentReader(memory: builder.encode(checksummed: false), number: manifest.nextSegment, fieldCount: manifest.fields.count)
        }
        if logging { try log.finishAppend() }
        let reader = try built.get()
        manifest.nextSegment += 1
        buffered.append(reader.number)
        bufferedDocuments += reader.documentCount
        bufferedBytes += reader.size
        add(reader)
        return applied
    }

    /// Takes in a segment's documents: each is the current version of its id unless a newer one is known, and
    /// replaces the older one it overtakes.
    mutating func add(_ reader: SegmentReader) {
        var superseded = Bitmap(count: reader.documentCount)
        let fieldCount = reader.fieldCount
        locations.reserve(reader.documentCount)
        for doc in 0..<reader.documentCount {
            let entry = reader.entryBytes(doc)
            let location = DocumentLocation(segment: Int32(reader.number), doc: UInt32(doc), version: entry.version, deletion: entry.deletion)
            if let current = locations[entry.id] {
                if current.version > entry.version {
                    superseded.insert(doc)
                    continue
                }
                supersede(current)
            }
            locations.set(entry.id, location)
            if !entry.deletion {
                liveDocuments += 1
                for field in 0..<fieldCount { liveTokens += UInt64(reader.length(doc, field: field)) }
            }
        }
        segments[reader.number] = IndexShard.Segment(reader: reader, superseded: superseded)
    }

    /// Marks the document at `location` as replaced.
    mutating func supersede(_ location: DocumentLocation) {
        let number = Int(location.segment)
        guard segments[number]?.superseded.insert(Int(location.doc)) == true, !location.deletion,
            let reader = segments[number]?.reader
        else { return }
        liveDocuments -= 1
        for field in 0..<reader.fieldCount { liveTokens -= UInt64(reader.length(Int(location.doc), field: field)) }
    }

    /// How much the buffered segments that no running flush has taken yet need a flush, by the sizes of `buffer`.
    func flushNeed(_ buffer: SegmentIndex.Buffer) -> IndexShard.FlushNeed {
        var documents = bufferedDocuments
        var bytes = bufferedBytes
        for number in buffered where merging.contains(number) {
            guard let reader = segments[number]?.reader else { continue }
            documents -= reader.documentCount
            bytes -= reader.size
        }
        if documents >= 2 * buffer.documents || bytes >= 2 * buffer.bytes { return .overdue }
        return documents >= buffer.documents || bytes >= buffer.bytes ? .due : .none
    }

    func snapshot() -> ShardSnapshot {
        ShardSnapshot(
            segments: (manifest.segments + buffered).compactMap { number in
                segments[number].map { ShardSnapshot.Segment(reader: $0.reader, superseded: $0.superseded) }
            },
            fields: manifest.fields,
            liveDocuments: liveDocuments,
            liveTokens: liveTokens
        )
    }
}
