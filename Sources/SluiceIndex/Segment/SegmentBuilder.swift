/// Inverts documents in memory and encodes them as one segment file (``SegmentFile``).
///
/// Documents are numbered in the order they are added. A term is stored once per field, its key being the field
/// number as one byte followed by the term's UTF-8 bytes, so a field filter is a lookup and phrases match within a
/// field. A deletion is a document with an id and version but no fields or stored source: it keeps the version
/// that an older write must not overtake.
struct SegmentBuilder {
    let fieldCount: Int
    private var terms = TermTable()
    private var postings: [PostingsBuilder] = []
    private var ids = ByteWriter()
    private var lengths = ByteWriter()
    private var stored = StoredBlocksWriter()
    private var totals: [UInt64]
    private(set) var documentCount = 0
    /// Scratch: (term number << 32 | position) of the current document.
    private var pairs: [UInt64] = []
    private var positions: [UInt32] = []

    init(fieldCount: Int, expectedDocuments: Int = 1024) {
        precondition(fieldCount > 0 && fieldCount <= Int(UInt8.max))
        self.fieldCount = fieldCount
        totals = [UInt64](repeating: 0, count: fieldCount)
        terms = TermTable(capacity: expectedDocuments * 4)
    }

    /// Adds a live document: `fields` holds one text per field of the index (`nil` for a missing value).
    mutating func add(id: String, version: Int64, fields: [String?], source: [UInt8]) {
        let doc = UInt32(documentCount)
        pairs.removeAll(keepingCapacity: true)
        for field in 0..<fieldCount {
            var position: UInt32 = 0
            if field < fields.count, let text = fields[field] {
                Analyzer.forEachTerm(in: text) { term in
                    let number = terms.number(prefix: UInt8(field), term)
                    if number == postings.count { postings.append(PostingsBuilder()) }
                    pairs.append(UInt64(number) << 32 | UInt64(position))
                    position += 1
                }
            }
            lengths.uint32(position)
            totals[field] += UInt64(position)
        }
        pairs.sort()
        var index = 0
        while index < pairs.count {
            let number = Int(pairs[index] >> 32)
            positions.removeAll(keepingCapacity: true)
            while index < pairs.count && Int(pairs[index] >> 32) == number {
                positions.append(UInt32(truncatingIfNeeded: pairs[index]))
                index += 1
            }
            postings[number].add(doc: doc, positions: positions)
        }
        appendEntry(id: id, version: version, deletion: false)
        stored.add(source)
    }

    /// Adds a deletion of `id` at `version`.
    mutating func addDeletion(id: String, version: Int64) {
        for _ in 0..<fieldCount { lengths.uint32(0) }
        appendEntry(id: id, version: version, deletion: true)
        stored.add(EmptyCollection<UInt8>())
    }

    private mutating func appendEntry(id: String, version: Int64, deletion: Bool) {
        ids.blob(id.utf8)
        ids.signed(version)
        ids.append(CollectionOfOne(deletion ? 1 : 0))
        documentCount += 1
    }

    /// The segment file; without `checksummed`, for a segment kept in memory (see ``SegmentFile/encode(_:checksummed:)``).
    mutating func encode(checksummed: Bool = true) -> [UInt8] {
        var postingsSection = ByteWriter()
        var dictionary = TermDictionaryWriter()
        for number in terms.sortedNumbers() {
            let encoded = postings[number].finish()
            let info = TermInfo(documentCount: postings[number].documentCount, offset: postingsSection.count, length: encoded.count)
            postingsSection.append(encoded)
            dictionary.add(Array(terms.key(number)), info)
        }
        let (termBlocks, termIndex) = dictionary.finish()
        let (storedBlocks, storedIndex) = stored.finish()
        return SegmentFile.encode(
            [
                SegmentMeta(documentCount: documentCount, fieldTotals: totals).encoded,
                postingsSection.bytes, termBlocks, termIndex, ids.bytes, lengths.bytes, storedBlocks, storedIndex,
            ],
            checksummed: checksummed
        )
    }
}

/// The `meta` section: how many documents a segment has and how many tokens each field holds in all.
struct SegmentMeta: Hashable {
    var documentCount: Int
    var fieldTotals: [UInt64]

    var encoded: [UInt8] {
        var writer = ByteWriter()
        writer.varint(documentCount)
        writer.varint(fieldTotals.count)
        for total in fieldTotals { writer.varint(total) }
        return writer.bytes
    }

    init(documentCount: Int, fieldTotals: [UInt64]) {
        self.documentCount = documentCount
        self.fieldTotals = fieldTotals
    }

    init(_ bytes: UnsafeRawBufferPointer) throws {
        var reader = ByteReader(bytes)
        documentCount = try reader.count(atMost: Int(UInt32.max))
        let fields = try reader.count(atMost: Int(UInt8.max))
        fieldTotals = try (0..<fields).map { _ in try reader.varint() }
    }
}
