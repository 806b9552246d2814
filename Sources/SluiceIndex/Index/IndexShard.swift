import Synchronization

/// One directory of a segment index: its manifest, its segments, the id → (segment, document, version) map and the
/// snapshot searches read. Writes and merge installs take turns on the writer lock; searches only copy the
/// published snapshot and never wait for either.
final class IndexShard: Sendable {
    struct Segment {
        let reader: SegmentReader
        var superseded: Bitmap
    }

    struct WriterState {
        var manifest: Manifest
        var segments: [Int: Segment]
        var locations: [String: DocumentLocation]
        var liveDocuments: Int
        var liveTokens: UInt64
        /// Segments a running merge is rewriting.
        var merging: Set<Int> = []
        var closed = false
    }

    let directory: String
    let writer: Mutex<WriterState>
    private let published: Mutex<ShardSnapshot>
    let policy: MergePolicy

    /// Opens the shard in `directory`, creating it with `fields` when it does not exist.
    /// - Throws: ``IndexError/Code/incompatible`` when it exists with other fields; ``IndexError/Code/corrupt``
    ///   when the manifest or a segment it names is damaged.
    init(directory: String, fields: [IndexField], policy: MergePolicy) throws {
        self.directory = directory
        self.policy = policy
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
        for name in try Files.list(directory) where name != Manifest.fileName && !named.contains(name) {
            Files.remove("\(directory)/\(name)")
        }
        var state = WriterState(manifest: manifest, segments: [:], locations: [:], liveDocuments: 0, liveTokens: 0)
        for number in manifest.segments {
            let reader = try SegmentReader(path: "\(directory)/\(number).seg", number: number, fieldCount: fields.count)
            state.add(reader)
        }
        writer = Mutex(state)
        published = Mutex(state.snapshot())
    }

    /// The snapshot searches read now.
    var snapshot: ShardSnapshot { published.withLock { $0 } }

    func publish(_ snapshot: ShardSnapshot) { published.withLock { $0 = snapshot } }

    /// Writes the changes (distinct ids) that are newer than what the shard holds as one new segment, synced and
    /// named in a new manifest before it returns; returns which were applied.
    func apply(_ changes: [IndexChange]) throws -> [Bool] {
        try writer.withLock { state in
            guard !state.closed else { throw IndexError(.closed, "the index is closed") }
            var applied = [Bool](repeating: false, count: changes.count)
            var builder = SegmentBuilder(fieldCount: state.manifest.fields.count, expectedDocuments: changes.count)
            for (position, change) in changes.enumerated() {
                if let current = state.locations[change.id], current.version >= change.version { continue }
                applied[position] = true
                switch change {
                case .upsert(let document):
                    builder.add(id: document.id, version: document.version, fields: document.fields, source: document.source)
                case .delete(let id, let version):
                    builder.addDeletion(id: id, version: version)
                }
            }
            guard builder.documentCount > 0 else { return applied }
            let number = state.manifest.nextSegment
            let path = "\(directory)/\(number).seg"
            try Files.writeSynced(builder.encode(), to: path)
            var manifest = state.manifest
            manifest.nextSegment += 1
            manifest.generation += 1
            manifest.segments.append(number)
            do {
                let reader = try SegmentReader(path: path, number: number, fieldCount: manifest.fields.count)
                try Files.replaceAtomically("\(directory)/\(Manifest.fileName)", with: manifest.encoded, directory: directory)
                state.manifest = manifest
                state.add(reader)
            } catch {
                Files.remove(path)
                throw error
            }
            publish(state.snapshot())
            return applied
        }
    }

    /// The current location of document `id`.
    func location(of id: String) -> DocumentLocation? { writer.withLock { $0.locations[id] } }

    /// Stops taking writes.
    func close() { writer.withLock { $0.closed = true } }
}

extension IndexShard.WriterState {
    /// Takes in a segment's documents: each is the current version of its id unless a newer one is known, and
    /// replaces the older one it overtakes.
    mutating func add(_ reader: SegmentReader) {
        var superseded = Bitmap(count: reader.documentCount)
        let fieldCount = reader.fieldCount
        for doc in 0..<reader.documentCount {
            let entry = reader.entry(doc)
            let location = DocumentLocation(segment: Int32(reader.number), doc: UInt32(doc), version: entry.version, deletion: entry.deletion)
            if let current = locations[entry.id] {
                if current.version > entry.version {
                    superseded.insert(doc)
                    continue
                }
                supersede(current)
            }
            locations[entry.id] = location
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

    func snapshot() -> ShardSnapshot {
        ShardSnapshot(
            segments: manifest.segments.compactMap { number in
                segments[number].map { ShardSnapshot.Segment(reader: $0.reader, superseded: $0.superseded) }
            },
            fields: manifest.fields,
            liveDocuments: liveDocuments,
            liveTokens: liveTokens
        )
    }
}
