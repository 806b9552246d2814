/// Rewrites several segments as one, leaving out superseded documents: entries, lengths and stored documents are
/// copied, and the postings of each term are read from every source in turn with their documents renumbered.
enum SegmentMerger {
    /// The merged segment file, and per source the new number of each document (-1 when left out).
    static func merge(_ sources: [ShardSnapshot.Segment], fieldCount: Int) throws -> (bytes: [UInt8], mapping: [[Int32]]) {
        var mapping: [[Int32]] = []
        var ids = ByteWriter()
        var lengths = ByteWriter()
        var stored = StoredBlocksWriter()
        var totals = [UInt64](repeating: 0, count: fieldCount)
        var next: Int32 = 0
        for source in sources {
            let reader = source.reader
            var map = [Int32](repeating: -1, count: reader.documentCount)
            try reader.stored.forEach { doc, document in
                guard !source.superseded.contains(doc) else { return }
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
                stored.add(document)
            }
            mapping.append(map)
        }
        var terms: [(term: [UInt8], source: Int, info: TermInfo)] = []
        for (index, source) in sources.enumerated() {
            try source.reader.dictionary.forEachTerm { term, info in terms.append((Array(term), index, info)) }
        }
        terms.sort { a, b in a.term == b.term ? a.source < b.source : a.term.lexicographicallyPrecedes(b.term) }
        var postings = ByteWriter()
        var dictionary = TermDictionaryWriter()
        var positions: [UInt32] = []
        var start = 0
        while start < terms.count {
            var end = start + 1
            while end < terms.count && terms[end].term == terms[start].term { end += 1 }
            var builder = PostingsBuilder()
            for entry in terms[start..<end] {
                var cursor = try PostingsCursor(sources[entry.source].reader.postings(entry.info))
                let map = mapping[entry.source]
                while try cursor.next() {
                    guard Int(cursor.doc) < map.count else { throw ByteReader.corrupt("posting beyond the segment's documents") }
                    let target = map[Int(cursor.doc)]
                    guard target >= 0 else { continue }
                    try cursor.positions(into: &positions)
                    builder.add(doc: UInt32(target), positions: positions)
                }
            }
            if builder.documentCount > 0 {
                let encoded = builder.finish()
                dictionary.add(terms[start].term, TermInfo(documentCount: builder.documentCount, offset: postings.count, length: encoded.count))
                postings.append(encoded)
            }
            start = end
        }
        let (termBlocks, termIndex) = dictionary.finish()
        let (storedBlocks, storedIndex) = stored.finish()
        let bytes = SegmentFile.encode([
            SegmentMeta(documentCount: Int(next), fieldTotals: totals).encoded,
            postings.bytes, termBlocks, termIndex, ids.bytes, lengths.bytes, storedBlocks, storedIndex,
        ])
        return (bytes, mapping)
    }
}
