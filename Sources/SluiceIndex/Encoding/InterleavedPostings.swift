/// Walks a postings list of the first segment format, where each document's positions follow it: blocks of
/// documents, each block led by the delta of its last document and its byte length, each document a delta, a
/// frequency and the delta-encoded positions, all varints. Only merges read it, to rewrite such segments.
struct InterleavedPostingsCursor: PostingsWalk {
    private var reader: ByteReader
    let documentCount: Int
    private var blockEnd = 0
    private var blockLast: UInt32 = 0
    private var base: UInt32 = 0
    private(set) var doc: UInt32 = 0
    private var positionsPending = 0

    init(_ bytes: UnsafeRawBufferPointer) throws {
        reader = ByteReader(bytes)
        documentCount = try reader.count(atMost: Int(UInt32.max))
        blockEnd = reader.offset
    }

    mutating func next() throws -> Bool {
        if positionsPending > 0 {
            try reader.skipVarints(positionsPending)
            positionsPending = 0
        }
        if reader.offset >= blockEnd {
            guard !reader.isAtEnd else { return false }
            let lastDelta = try reader.varint()
            guard lastDelta > 0, UInt64(blockLast) + lastDelta <= UInt64(UInt32.max) else {
                throw ByteReader.corrupt("postings block out of order")
            }
            let length = try reader.count(atMost: reader.remaining)
            base = blockLast
            blockLast += UInt32(lastDelta)
            blockEnd = reader.offset + length
        }
        let delta = try reader.varint()
        guard delta > 0, UInt64(base) + delta <= UInt64(blockLast) else { throw ByteReader.corrupt("postings out of order") }
        base += UInt32(delta)
        doc = base - 1
        positionsPending = try reader.count(atMost: reader.remaining)
        return true
    }

    mutating func positions(into positions: inout PositionList) throws {
        try positions.fill(positionsPending, from: &reader)
        positionsPending = 0
    }
}
