#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Rewrites several segments as one, leaving out superseded documents: entries, lengths and stored documents are
/// copied, and the postings of each term are read from every source in turn with their documents renumbered; a
/// block of postings or of stored documents that loses nothing is copied as it is. The merged segment goes straight
/// to its file, section by section (``SegmentFileWriter``): a merge holds the entries, the lengths and the term
/// dictionary in memory, not the postings or the stored documents.
enum SegmentMerger {
    /// Writes the merged segment to a new synced file at `path`; returns, per source, the new number of each
    /// document (-1 when left out).
    static func merge(_ sources: [ShardSnapshot.Segment], fieldCount: Int, into path: String) throws -> [[Int32]] {
        var mapping: [[Int32]] = []
        var ids = ByteWriter()
        var lengths = ByteWriter()
        var totals = [UInt64](repeating: 0, count: fieldCount)
        var next: Int32 = 0
        for source in sources {
            let reader = source.reader
            var map = [Int32](repeating: -1, count: reader.documentCount)
            for doc in 0..<reader.documentCount where !source.superseded.contains(doc) {
                map[doc] = next
                next += 1
                let entry = reader.entryBytes(doc)
                ids.blob(entry.id)
                ids.signed(entry.version)
                ids.append(CollectionOfOne(entry.deletion ? 1 : 0))
                for field in 0..<fieldCount {
                    let length = reader.length(doc, field: field)
                    lengths.uint32(length)
                    totals[field] += UInt64(length)
                }
            }
            mapping.append(map)
        }
        let file = try SegmentFileWriter(path: path)
        try file.section(SegmentMeta(documentCount: Int(next), fieldTotals: totals).encoded)
        let (termBlocks, termIndex) = try writePostings(of: sources, renumbering: mapping, to: file)
        try file.section(termBlocks)
        try file.section(termIndex)
        try file.section(ids.bytes)
        try file.section(lengths.bytes)
        var stored = StoredBlocksWriter()
        var scratch: [UInt8] = []
        for (source, map) in zip(sources, mapping) {
            try source.reader.stored.forEachBlock { block in
                if Self.copiesWhole(block, keeping: map) {
                    stored.add(encodedBlock: block.encoded, documents: block.documentCount)
                } else {
                    try source.reader.stored.forEachDocument(of: block, scratch: &scratch) { doc, document in
                        if map[doc] >= 0 { stored.add(document) }
                    }
                }
                if stored.blocks.count >= SegmentFileWriter.bufferBytes { try file.append(stored.takeBlocks()) }
            }
        }
        let (storedBlocks, storedIndex) = stored.finish()
        try file.append(storedBlocks)
        file.endSection()
        try file.section(storedIndex)
        try file.finish()
        return mapping
    }

    /// Whether a stored block goes into the merged segment as it is: it is compressed, every document of it is kept,
    /// and it is at least half the target size (smaller ones, the last of each segment, are joined to others).
    private static func copiesWhole(_ block: StoredBlocks.Block, keeping map: [Int32]) -> Bool {
        block.isCompressed && block.documentBytes >= StoredBlocksWriter.targetBlockBytes / 2
            && map[block.first..<block.first + block.documentCount].allSatisfy { $0 >= 0 }
    }

    /// Writes the postings section: every source's terms, their bytes in one arena, sorted by term and then source,
    /// so that a term's postings are read from the sources in order and its documents come renumbered in ascending
    /// order. Returns the term dictionary (blocks and index).
    private static func writePostings(
        of sources: [ShardSnapshot.Segment],
        renumbering mapping: [[Int32]],
        to file: SegmentFileWriter
    ) throws -> (blocks: [UInt8], index: [UInt8]) {
        var arena: [UInt8] = []
        var terms: [TermEntry] = []
        for (index, source) in sources.enumerated() {
            try source.reader.dictionary.forEachTerm { term, info in
                terms.append(TermEntry(start: arena.count, length: term.count, source: index, info: info))
                arena.append(contentsOf: term)
            }
        }
        var postings = ByteWriter()
        var dictionary = TermDictionaryWriter()
        var builder = PostingsBuilder()
        var positions = PositionList()
        try arena.withUnsafeBufferPointer { arena in
            terms.sort { a, b in
                let order = a.compareTerm(b, in: arena)
                return order != 0 ? order < 0 : a.source < b.source
            }
            var start = 0
            while start < terms.count {
                var end = start + 1
                while end < terms.count && terms[end].compareTerm(terms[start], in: arena) == 0 { end += 1 }
                for entry in terms[start..<end] {
                    let reader = sources[entry.source].reader
                    switch reader.layout {
                    case .interleaved:
                        var walk = try InterleavedPostingsCursor(reader.postings(entry.info))
                        try copy(&walk, renumbering: mapping[entry.source], into: &builder, positions: &positions)
                    case .separatePositions:
                        var walk = try PostingsCursor(reader.postings(entry.info), countedBlocks: reader.format.countsPostingsBlocks)
                        try copyBlocks(&walk, renumbering: mapping[entry.source], into: &builder, positions: &positions)
                    }
                }
                if builder.documentCount > 0 {
                    let offset = file.sectionLength + postings.count
                    let termDocuments = builder.documentCount
                    builder.finish(into: &postings)
                    let term = UnsafeBufferPointer(rebasing: arena[terms[start].start..<terms[start].start + terms[start].length])
                    dictionary.add(term, TermInfo(documentCount: termDocuments, offset: offset, length: file.sectionLength + postings.count - offset))
                    if postings.count >= SegmentFileWriter.bufferBytes {
                        try file.append(postings.bytes)
                        postings.bytes.removeAll(keepingCapacity: true)
                    }
                }
                start = end
            }
        }
        try file.append(postings.bytes)
        file.endSection()
        return dictionary.finish()
    }

    /// Adds the documents of `walk` that `map` keeps to `builder`, renumbered: a block of at least half the block
    /// size whose documents all keep their distances (none of the documents from its first to its last is left out)
    /// is copied whole, the others document by document. Returns how many blocks were copied whole.
    @discardableResult
    static func copyBlocks(
        _ walk: inout PostingsCursor,
        renumbering map: [Int32],
        into builder: inout PostingsBuilder,
        positions: inout PositionList
    ) throws -> Int {
        var whole = 0
        while let block = try walk.wholeBlock() {
            guard Int(block.last) < map.count else { throw ByteReader.corrupt("posting beyond the segment's documents") }
            let first = map[Int(block.first)]
            let last = map[Int(block.last)]
            if block.count >= PostingsBuilder.blockSize / 2, first >= 0, last >= 0, Int64(last - first) == Int64(block.last - block.first) {
                builder.appendBlock(block, first: UInt32(first), last: UInt32(last))
                walk.skipBlock()
                whole += 1
                continue
            }
            for _ in 0..<block.count {
                guard try walk.next() else { throw ByteReader.corrupt("postings block shorter than its count") }
                let target = map[Int(walk.doc)]
                guard target >= 0 else { continue }
                try walk.positions(into: &positions)
                builder.add(doc: UInt32(target), positions: positions.positions)
            }
        }
        return whole
    }

    /// Adds the documents of `walk` that `map` keeps to `builder`, renumbered.
    private static func copy<Walk: PostingsWalk>(
        _ walk: inout Walk,
        renumbering map: [Int32],
        into builder: inout PostingsBuilder,
        positions: inout PositionList
    ) throws {
        while try walk.next() {
            guard Int(walk.doc) < map.count else { throw ByteReader.corrupt("posting beyond the segment's documents") }
            let target = map[Int(walk.doc)]
            guard target >= 0 else { continue }
            try walk.positions(into: &positions)
            builder.add(doc: UInt32(target), positions: positions.positions)
        }
    }
}

/// A source's term during a merge: where its bytes are in the merge's arena, and its postings in the source.
private struct TermEntry {
    var start: Int
    var length: Int
    var source: Int
    var info: TermInfo

    /// Byte order of this entry's term against `other`'s: negative, zero or positive.
    func compareTerm(_ other: TermEntry, in arena: UnsafeBufferPointer<UInt8>) -> Int32 {
        let common = min(length, other.length)
        if common > 0 {
            let order = memcmp(arena.baseAddress! + start, arena.baseAddress! + other.start, common)
            if order != 0 { return order }
        }
        return length == other.length ? 0 : (length < other.length ? -1 : 1)
    }
}
