/// Inverts documents in memory and encodes them as one segment file (``SegmentFile``).
///
/// Documents are numbered in the order they are added. A term is stored once per field, its key being the field
/// number as one byte followed by the term's UTF-8 bytes, so a field filter is a lookup and phrases match within a
/// field. A deletion is a document with an id and version but no fields or stored source: it keeps the version
/// that an older write must not overtake.
struct SegmentBuilder {
    let fieldCount: Int
    private var terms = TermTable()
    /// Every token added, in order (documents ascending, and positions ascending within a document's field): its
    /// term's number, its document and its position. ``encode(checksummed:)`` groups them by term.
    private var tokenTerms: [UInt32] = []
    private var tokenDocuments: [UInt32] = []
    private var tokenPositions: [UInt32] = []
    private var ids = ByteWriter()
    private var lengths = ByteWriter()
    private var stored = StoredBlocksWriter()
    private var totals: [UInt64]
    private(set) var documentCount = 0
    /// Buffers of ``encode(checksummed:)``, kept with their capacity from one segment to the next.
    private var termStarts: [Int] = []
    private var termNext: [Int] = []
    private var sortedDocuments: [UInt32] = []
    private var sortedPositions: [UInt32] = []
    private var postingsSection = ByteWriter()
    private var postings = PostingsBuilder()
    private var dictionary = TermDictionaryWriter()
    /// The most documents a segment may have for ``reset()`` to keep the buffers it grew to.
    static let largestKeptDocuments = 20_000

    init(fieldCount: Int) {
        precondition(fieldCount > 0 && fieldCount <= Int(UInt8.max))
        self.fieldCount = fieldCount
        totals = [UInt64](repeating: 0, count: fieldCount)
    }

    /// Empties the builder for the next segment, keeping its buffers, so a writer that builds one segment after
    /// another allocates them once; after a segment of more than ``largestKeptDocuments`` they are let go instead.
    /// Call it once the segment ``encode(checksummed:)`` returned is in use.
    mutating func reset() {
        if documentCount > Self.largestKeptDocuments {
            self = SegmentBuilder(fieldCount: fieldCount)
            return
        }
        terms.removeAll()
        tokenTerms.removeAll(keepingCapacity: true)
        tokenDocuments.removeAll(keepingCapacity: true)
        tokenPositions.removeAll(keepingCapacity: true)
        ids.bytes.removeAll(keepingCapacity: true)
        lengths.bytes.removeAll(keepingCapacity: true)
        stored.removeAll()
        for field in totals.indices { totals[field] = 0 }
        documentCount = 0
        postingsSection.bytes.removeAll(keepingCapacity: true)
        dictionary.removeAll()
    }

    /// Adds a live document: `fields` holds one text per field of the index (`nil` for a missing value).
    mutating func add(id: String, version: Int64, fields: [String?], source: [UInt8]) {
        let doc = UInt32(documentCount)
        for field in 0..<fieldCount {
            var position: UInt32 = 0
            if field < fields.count, let text = fields[field] {
                Analyzer.forEachTerm(in: text) { term in
                    tokenTerms.append(UInt32(terms.number(prefix: UInt8(field), term)))
                    tokenDocuments.append(doc)
                    tokenPositions.append(position)
                    position += 1
                }
            }
            lengths.uint32(position)
            totals[field] += UInt64(position)
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

    /// Adds the document of an upsert, or the deletion of a delete.
    mutating func add(_ change: IndexChange) {
        switch change {
        case .upsert(let document): add(id: document.id, version: document.version, fields: document.fields, source: document.source)
        case .delete(let id, let version): addDeletion(id: id, version: version)
        }
    }

    private mutating func appendEntry(id: String, version: Int64, deletion: Bool) {
        ids.blob(id.utf8)
        ids.signed(version)
        ids.append(CollectionOfOne(deletion ? 1 : 0))
        documentCount += 1
    }

    /// The segment file; without `checksummed`, for a segment kept in memory (see ``SegmentFile/encode(_:checksummed:)``).
    mutating func encode(checksummed: Bool = true) -> [UInt8] {
        // The tokens grouped by term, each term's in the order they were added (a counting sort): the documents
        // ascending, and in each document the positions.
        Self.resize(&termStarts, to: terms.count + 1)
        for term in tokenTerms { termStarts[Int(term) + 1] += 1 }
        for number in 0..<terms.count { termStarts[number + 1] += termStarts[number] }
        termNext.removeAll(keepingCapacity: true)
        termNext.append(contentsOf: termStarts)
        Self.resize(&sortedDocuments, to: tokenTerms.count)
        Self.resize(&sortedPositions, to: tokenTerms.count)
        for (token, term) in tokenTerms.enumerated() {
            let slot = termNext[Int(term)]
            sortedDocuments[slot] = tokenDocuments[token]
            sortedPositions[slot] = tokenPositions[token]
            termNext[Int(term)] = slot + 1
        }
        for number in terms.sortedNumbers() {
            var token = termStarts[number]
            let end = termStarts[number + 1]
            while token < end {
                let document = sortedDocuments[token]
                var last = token + 1
                while last < end && sortedDocuments[last] == document { last += 1 }
                postings.add(doc: document, positions: sortedPositions[token..<last])
                token = last
            }
            let offset = postingsSection.count
            let termDocuments = postings.documentCount
            postings.finish(into: &postingsSection)
            dictionary.add(terms.key(number), TermInfo(documentCount: termDocuments, offset: offset, length: postingsSection.count - offset))
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

    /// Makes `array` `count` zeros long, reusing its storage.
    private static func resize<T: FixedWidthInteger>(_ array: inout [T], to count: Int) {
        array.removeAll(keepingCapacity: true)
        array.append(contentsOf: repeatElement(0, count: count))
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
