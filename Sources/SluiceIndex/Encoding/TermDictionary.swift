/// Where a term's postings are in a segment and in how many documents it occurs.
struct TermInfo: Hashable, Sendable {
    var documentCount: Int
    var offset: Int
    var length: Int
}

/// Writes the sorted term dictionary of a segment: blocks of ``blockSize`` terms, each term stored as the length
/// of the prefix it shares with the one before and the rest, then its document count and postings location. The
/// index holds each block's first term and location; a reader keeps it in memory and decodes one block per lookup.
struct TermDictionaryWriter {
    static let blockSize = 32

    private(set) var blocks = ByteWriter()
    private(set) var index = ByteWriter()
    private var block = ByteWriter()
    private var blockTerms = 0
    private var blockCount = 0
    private var previousTerm: [UInt8] = []
    private var previousEnd = 0

    init() {}

    /// Adds `term`, which must sort after every term added before (byte order).
    mutating func add<Term: Collection<UInt8>>(_ term: Term, _ info: TermInfo) {
        term.withContiguousStorageIfAvailable { add($0, info) } ?? Array(term).withUnsafeBufferPointer { add($0, info) }
    }

    private mutating func add(_ term: UnsafeBufferPointer<UInt8>, _ info: TermInfo) {
        if blockTerms == 0 {
            index.blob(term)
            index.varint(blocks.count)
            previousTerm.removeAll(keepingCapacity: true)
            previousEnd = 0
        }
        var shared = 0
        let limit = min(term.count, previousTerm.count)
        while shared < limit && term[shared] == previousTerm[shared] { shared += 1 }
        block.varint(shared)
        block.blob(UnsafeBufferPointer(rebasing: term[shared...]))
        block.varint(info.documentCount)
        block.signed(Int64(info.offset - previousEnd))
        block.varint(info.length)
        previousTerm.removeAll(keepingCapacity: true)
        previousTerm.append(contentsOf: term)
        previousEnd = info.offset + info.length
        blockTerms += 1
        if blockTerms == Self.blockSize { closeBlock() }
    }

    private mutating func closeBlock() {
        guard blockTerms > 0 else { return }
        blocks.varint(blockTerms)
        blocks.append(block.bytes)
        block.bytes.removeAll(keepingCapacity: true)
        blockTerms = 0
        blockCount += 1
    }

    /// Empties the writer for the next dictionary, keeping its buffers.
    mutating func removeAll() {
        blocks.bytes.removeAll(keepingCapacity: true)
        index.bytes.removeAll(keepingCapacity: true)
        block.bytes.removeAll(keepingCapacity: true)
        blockTerms = 0
        blockCount = 0
        previousTerm.removeAll(keepingCapacity: true)
        previousEnd = 0
    }

    /// The two sections: the blocks and their index (block count, then first term and offset of each).
    mutating func finish() -> (blocks: [UInt8], index: [UInt8]) {
        closeBlock()
        var header = ByteWriter()
        header.varint(blockCount)
        header.append(index.bytes)
        return (blocks.bytes, header.bytes)
    }
}

/// Reads a segment's term dictionary: the block index in memory, the blocks where they are mapped.
struct TermDictionary: Sendable {
    private let firstTerms: [[UInt8]]
    private let offsets: [Int]
    private nonisolated(unsafe) let blocks: UnsafeRawBufferPointer
    /// How many bytes the postings section has: every location must lie inside it.
    private let postingsLength: Int

    init(blocks: UnsafeRawBufferPointer, index: UnsafeRawBufferPointer, postingsLength: Int) throws {
        var reader = ByteReader(index)
        let count = try reader.count(atMost: index.count)
        var firstTerms: [[UInt8]] = []
        var offsets: [Int] = []
        firstTerms.reserveCapacity(count)
        offsets.reserveCapacity(count)
        for _ in 0..<count {
            let term = Array(try reader.blob())
            let offset = try reader.count(atMost: blocks.count)
            if let last = firstTerms.last, !last.lexicographicallyPrecedes(term) {
                throw ByteReader.corrupt("term index out of order")
            }
            if let last = offsets.last, offset <= last { throw ByteReader.corrupt("term blocks out of order") }
            firstTerms.append(term)
            offsets.append(offset)
        }
        self.firstTerms = firstTerms
        self.offsets = offsets
        self.blocks = blocks
        self.postingsLength = postingsLength
    }

    /// How many blocks the dictionary has.
    var blockCount: Int { offsets.count }

    /// The information of `term`, or `nil` when the segment does not have it.
    func lookup(_ term: [UInt8]) throws -> TermInfo? {
        let block = lastBlock(atOrBefore: term)
        guard block >= 0 else { return nil }
        var found: TermInfo?
        try scan(block: block) { candidate, info in
            if candidate.elementsEqual(term) {
                found = info
                return false
            }
            return !term.lexicographicallyPrecedes(candidate)
        }
        return found
    }

    /// Calls `body` with every term starting with `prefix`, in order.
    func forEach(prefix: [UInt8], _ body: (UnsafeBufferPointer<UInt8>, TermInfo) throws -> Void) throws {
        var block = max(lastBlock(atOrBefore: prefix), 0)
        var going = true
        while going && block < offsets.count {
            try scan(block: block) { term, info in
                if term.starts(with: prefix) {
                    try body(term, info)
                    return true
                }
                if prefix.lexicographicallyPrecedes(term) {
                    going = false
                    return false
                }
                return true
            }
            block += 1
        }
    }

    /// Calls `body` with every term of the dictionary, in order.
    func forEachTerm(_ body: (UnsafeBufferPointer<UInt8>, TermInfo) throws -> Void) throws {
        for block in offsets.indices {
            try scan(block: block) { term, info in
                try body(term, info)
                return true
            }
        }
    }

    /// The last block whose first term is not after `term`; -1 when `term` sorts before all.
    private func lastBlock(atOrBefore term: [UInt8]) -> Int {
        var low = 0
        var high = firstTerms.count
        while low < high {
            let middle = (low + high) / 2
            if term.lexicographicallyPrecedes(firstTerms[middle]) { high = middle } else { low = middle + 1 }
        }
        return low - 1
    }

    /// Decodes block `block` term by term until `body` returns `false`.
    private func scan(block: Int, _ body: (UnsafeBufferPointer<UInt8>, TermInfo) throws -> Bool) throws {
        var reader = ByteReader(blocks, offset: offsets[block])
        let count = try reader.count(atMost: TermDictionaryWriter.blockSize)
        var term: [UInt8] = []
        var previousEnd = 0
        for _ in 0..<count {
            let shared = try reader.count(atMost: term.count)
            let suffix = try reader.blob()
            term.removeSubrange(shared...)
            term.append(contentsOf: suffix)
            let documentCount = try reader.count(atMost: Int(UInt32.max))
            let offset = previousEnd + Int(try reader.signed())
            let length = try reader.count(atMost: postingsLength)
            guard offset >= 0, offset + length <= postingsLength else { throw ByteReader.corrupt("postings location out of range") }
            previousEnd = offset + length
            let info = TermInfo(documentCount: documentCount, offset: offset, length: length)
            guard try term.withUnsafeBufferPointer({ try body($0, info) }) else { return }
        }
    }
}
