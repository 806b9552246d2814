/// One document's entry in a postings list: the document number and the positions of the term in the field.
struct Posting: Hashable, Sendable {
    var doc: UInt32
    var positions: [UInt32]
}

/// Encodes a term's postings: its document count, then blocks of up to ``blockSize`` documents. A block starts
/// with the delta of its last document from the previous block's and its byte length, so a reader skips whole
/// blocks; inside, each document is a delta, a frequency and the delta-encoded positions, all varints.
struct PostingsBuilder {
    static let blockSize = 128

    private(set) var documentCount = 0
    private var output = ByteWriter()
    private var block = ByteWriter()
    private var blockDocuments = 0
    /// The last document before the current block, plus one (0 before the first).
    private var blockBase: UInt32 = 0
    private var previous: UInt32 = 0
    /// The last document added, plus one.
    private(set) var last: UInt32 = 0

    init() {}

    /// Adds a document, which must be greater than every one added before, with its ascending positions.
    mutating func add<C: Collection>(doc: UInt32, positions: C) where C.Element == UInt32 {
        block.varint(doc + 1 - previous)
        block.varint(positions.count)
        var position: UInt32 = 0
        for next in positions {
            block.varint(next - position)
            position = next
        }
        previous = doc + 1
        last = doc + 1
        documentCount += 1
        blockDocuments += 1
        if blockDocuments == Self.blockSize { closeBlock() }
    }

    private mutating func closeBlock() {
        guard blockDocuments > 0 else { return }
        output.varint(previous - blockBase)
        output.blob(block.bytes)
        block.bytes.removeAll(keepingCapacity: true)
        blockBase = previous
        blockDocuments = 0
    }

    /// The encoded list.
    mutating func finish() -> [UInt8] {
        var result = ByteWriter(capacity: output.count + 5)
        finish(into: &result)
        return result.bytes
    }

    /// Appends the encoded list to `writer` and starts over empty, keeping the buffers for the next list.
    mutating func finish(into writer: inout ByteWriter) {
        closeBlock()
        writer.varint(documentCount)
        writer.append(output.bytes)
        output.bytes.removeAll(keepingCapacity: true)
        documentCount = 0
        blockBase = 0
        previous = 0
        last = 0
    }

    /// Encodes `postings` (ascending documents) at once.
    static func encode(_ postings: [Posting]) -> [UInt8] {
        var builder = PostingsBuilder()
        for posting in postings { builder.add(doc: posting.doc, positions: posting.positions) }
        return builder.finish()
    }
}

/// Walks an encoded postings list document by document, skipping whole blocks when asked for a later document.
struct PostingsCursor {
    private var reader: ByteReader
    /// How many documents the list holds.
    let documentCount: Int
    private var blockEnd = 0
    private var blockLast: UInt32 = 0
    private var base: UInt32 = 0
    /// The current document (valid after ``next()`` returned `true`).
    private(set) var doc: UInt32 = 0
    /// How often the term occurs in the current document.
    private(set) var frequency = 0
    private var positionsPending = 0

    init(_ bytes: UnsafeRawBufferPointer) throws {
        reader = ByteReader(bytes)
        documentCount = try reader.count(atMost: Int(UInt32.max))
        blockEnd = reader.offset
    }

    /// Moves to the next document; `false` at the end.
    mutating func next() throws -> Bool {
        if positionsPending > 0 {
            try reader.skipVarints(positionsPending)
            positionsPending = 0
        }
        if reader.offset >= blockEnd {
            guard !reader.isAtEnd else { return false }
            try openBlock()
        }
        let delta = try reader.varint()
        guard delta > 0, UInt64(base) + delta <= UInt64(blockLast) else { throw ByteReader.corrupt("postings out of order") }
        base += UInt32(delta)
        doc = base - 1
        frequency = try reader.count(atMost: reader.remaining)
        positionsPending = frequency
        return true
    }

    /// Moves to the first document at or after `target`; `false` when there is none.
    mutating func advance(to target: UInt32) throws -> Bool {
        if base > 0, doc >= target { return true }
        while true {
            if reader.offset >= blockEnd {
                guard !reader.isAtEnd else { return false }
                positionsPending = 0
                try openBlock()
            }
            guard blockLast <= target else { break }
            reader.offset = blockEnd
            base = blockLast
            positionsPending = 0
        }
        while try next() {
            if doc >= target { return true }
        }
        return false
    }

    /// The positions of the term in the current document; call at most once per document.
    mutating func positions(into positions: inout [UInt32]) throws {
        positions.removeAll(keepingCapacity: true)
        var position: UInt32 = 0
        while positionsPending > 0 {
            let delta = try reader.varint()
            guard delta <= UInt64(UInt32.max - position) else { throw ByteReader.corrupt("position out of range") }
            position += UInt32(delta)
            positions.append(position)
            positionsPending -= 1
        }
    }

    private mutating func openBlock() throws {
        let lastDelta = try reader.varint()
        guard lastDelta > 0, UInt64(blockLast) + lastDelta <= UInt64(UInt32.max) else {
            throw ByteReader.corrupt("postings block out of order")
        }
        let length = try reader.count(atMost: reader.remaining)
        base = blockLast
        blockLast += UInt32(lastDelta)
        blockEnd = reader.offset + length
    }

    /// Decodes a whole list (for tests and merges).
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [Posting] {
        var cursor = try PostingsCursor(bytes)
        var postings: [Posting] = []
        var positions: [UInt32] = []
        while try cursor.next() {
            try cursor.positions(into: &positions)
            postings.append(Posting(doc: cursor.doc, positions: positions))
        }
        guard postings.count == cursor.documentCount else { throw ByteReader.corrupt("postings count mismatch") }
        return postings
    }
}
