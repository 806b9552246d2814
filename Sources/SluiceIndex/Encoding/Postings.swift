/// One document's entry in a postings list: the document number and the positions of the term in the field.
struct Posting: Hashable, Sendable {
    var doc: UInt32
    var positions: [UInt32]
}

/// Encodes a term's postings: its document count, then blocks of up to ``blockSize`` documents. A block starts
/// with a header: the delta of its last document from the previous block's (shifted left by one, the low bit set
/// when the block is dense: its documents are consecutive), its document count and the byte lengths of its two
/// parts, so a reader skips whole blocks. A block the builder fills holds ``blockSize`` documents, but the last of a
/// list and one before a block a merge copied whole (``appendBlock(_:first:last:)``) may hold fewer. (In segment
/// format 2 the header has no document count: every block holds ``blockSize`` but the last.) The first part holds
/// the documents. In a sparse block each is a varint of its delta shifted left by one, the low bit set when the term
/// occurs once, else followed by the frequency. A dense block needs no deltas (its documents are the last ones up to
/// the block's last): its first part holds the frequencies, and is empty when each is one, so a walk skips to any of
/// its documents at once. The second part holds the delta-encoded positions of all the block's documents, so a walk
/// that needs no positions never reads them.
struct PostingsBuilder {
    static let blockSize = 128

    private(set) var documentCount = 0
    private var output = ByteWriter()
    /// The current block's documents in the sparse encoding, rewritten at its end if the block is dense.
    private var documents = ByteWriter()
    private var positions = ByteWriter()
    private var denseFrequencies = ByteWriter()
    private var blockDocuments = 0
    /// Whether each document of the current block after its first is the one after the document before it, and
    /// whether each has frequency one.
    private var consecutive = true
    private var frequenciesAllOne = true
    /// The last document before the current block, plus one (0 before the first).
    private var blockBase: UInt32 = 0
    private var previous: UInt32 = 0
    /// The last document added, plus one.
    private(set) var last: UInt32 = 0

    init() {}

    /// Adds a document, which must be greater than every one added before, with its ascending positions.
    mutating func add<C: Collection>(doc: UInt32, positions added: C) where C.Element == UInt32 {
        let delta = doc + 1 - previous
        if blockDocuments > 0 && delta != 1 { consecutive = false }
        let frequency = added.count
        if frequency == 1 {
            documents.varint(UInt64(delta) << 1 | 1)
        } else {
            frequenciesAllOne = false
            documents.varint(UInt64(delta) << 1)
            documents.varint(frequency)
        }
        var position: UInt32 = 0
        for next in added {
            positions.varint(next - position)
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
        let dense = consecutive
        if dense {
            if !frequenciesAllOne {
                documents.bytes.withUnsafeBytes { bytes in
                    var reader = ByteReader(bytes)
                    while !reader.isAtEnd {
                        // The builder's own bytes: well formed.
                        let entry = try! reader.varint()
                        denseFrequencies.varint(entry & 1 == 1 ? 1 : try! reader.varint())
                    }
                }
                swap(&documents, &denseFrequencies)
                denseFrequencies.bytes.removeAll(keepingCapacity: true)
            } else {
                documents.bytes.removeAll(keepingCapacity: true)
            }
        }
        output.varint(UInt64(previous - blockBase) << 1 | (dense ? 1 : 0))
        output.varint(blockDocuments)
        output.varint(documents.count)
        output.varint(positions.count)
        output.append(documents.bytes)
        output.append(positions.bytes)
        documents.bytes.removeAll(keepingCapacity: true)
        positions.bytes.removeAll(keepingCapacity: true)
        blockBase = previous
        blockDocuments = 0
        consecutive = true
        frequenciesAllOne = true
    }

    /// Appends a block of another list as it is (``PostingsCursor/wholeBlock()``), its documents renumbered to
    /// `first`...`last` (as many apart as they were: only the numbers before it change); `first` must be above
    /// every document added before. The documents added before it end their block first.
    mutating func appendBlock(_ block: PostingsCursor.WholeBlock, first: UInt32, last lastDocument: UInt32) {
        precondition(first >= last, "a block's documents must follow those added before")
        closeBlock()
        output.varint(UInt64(lastDocument + 1 - blockBase) << 1 | (block.dense ? 1 : 0))
        output.varint(block.count)
        if block.dense {
            output.varint(block.documents.count)
            output.varint(block.positions.count)
            output.append(block.documents)
        } else {
            // The first entry's delta is from the document before the block, which the renumbering changes; the
            // other entries' deltas are within the block.
            var reader = ByteReader(block.documents)
            let entry = try! reader.varint()  // ``PostingsCursor/wholeBlock()`` read it already
            var firstEntry = ByteWriter()
            firstEntry.varint(UInt64(first + 1 - previous) << 1 | entry & 1)
            output.varint(firstEntry.count + reader.remaining)
            output.varint(block.positions.count)
            output.append(firstEntry.bytes)
            output.append(UnsafeRawBufferPointer(rebasing: block.documents[reader.offset...]))
        }
        output.append(block.positions)
        documentCount += block.count
        previous = lastDocument + 1
        last = previous
        blockBase = previous
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

/// Walks an encoded postings list document by document, skipping whole blocks when asked for a later document, and
/// in a dense block straight to it. Positions are read only when asked for: the positions of the documents passed by
/// are skipped in one go then.
struct PostingsCursor: PostingsWalk {
    /// Reads the documents part of the current block.
    private var reader: ByteReader
    /// Reads the positions part of the current block.
    private var positionReader: ByteReader
    /// How many documents the list holds.
    let documentCount: Int
    private var documentsEnd = 0
    private var blockEnd = 0
    private var blockLast: UInt32 = 0
    /// The documents of the blocks up to the current one, the current one included.
    private var documentsBefore = 0
    /// The documents of the current block.
    private var documentsInBlock = 0
    /// Whether the current block's documents are consecutive, and whether each of them has frequency one then.
    private var dense = false
    private var frequenciesImplicit = false
    /// Whether the current block is dense with every frequency below 128: one byte each, summed without decoding.
    private var frequenciesOneByte = false
    /// Whether each of the current block's positions is known to take one byte.
    private var positionsOneByte = false
    /// The current document plus one, or where the walk stands in the block.
    private var base: UInt32 = 0
    /// The current document (valid after ``next()`` returned `true`).
    private(set) var doc: UInt32 = 0
    /// How often the term occurs in the current document.
    private(set) var frequency = 0
    /// Positions of documents before the current one that were not read: skipped before the next read.
    private var positionsToSkip = 0
    /// Whether the current document's positions are still unread.
    private var positionsPending = false

    /// Whether each block gives its document count (segment format 3) or holds ``PostingsBuilder/blockSize`` but
    /// the list's last (format 2).
    private let countedBlocks: Bool

    /// A cursor on the list `bytes`; `countedBlocks` is whether its blocks give their document count.
    init(_ bytes: UnsafeRawBufferPointer, countedBlocks: Bool = true) throws {
        self.countedBlocks = countedBlocks
        reader = ByteReader(bytes)
        documentCount = try reader.count(atMost: Int(UInt32.max))
        positionReader = reader
        documentsEnd = reader.offset
        blockEnd = reader.offset
    }

    /// Moves to the next document; `false` at the end.
    @inline(__always)
    mutating func next() throws -> Bool {
        if positionsPending { positionsToSkip += frequency }
        if base == blockLast {
            guard try openBlock() else {
                positionsPending = false
                return false
            }
        }
        if dense {
            base += 1
            frequency = frequenciesImplicit ? 1 : try explicitFrequency()
        } else {
            guard reader.offset < documentsEnd else { throw ByteReader.corrupt("postings block shorter than its documents") }
            let entry = try reader.varint()
            let delta = entry >> 1
            guard delta > 0, UInt64(base) + delta <= UInt64(blockLast) else { throw ByteReader.corrupt("postings out of order") }
            base += UInt32(truncatingIfNeeded: delta)
            frequency = entry & 1 == 1 ? 1 : try explicitFrequency()
        }
        doc = base - 1
        positionsPending = true
        return true
    }

    /// Moves to the first document at or after `target`; `false` when there is none.
    @inline(__always)
    mutating func advance(to target: UInt32) throws -> Bool {
        if base > 0, doc >= target { return true }
        while true {
            if base == blockLast {
                guard try openBlock() else {
                    positionsPending = false
                    return false
                }
            }
            guard blockLast <= target else { break }
            base = blockLast
        }
        if dense, target > base {
            // The documents before the target in this block are base..<target: passed without reading them.
            if positionsPending {
                positionsToSkip += frequency
                positionsPending = false
            }
            let passed = Int(target - base)
            if frequenciesImplicit {
                positionsToSkip += passed
            } else if frequenciesOneByte {
                guard passed <= documentsEnd - reader.offset else { throw ByteReader.corrupt("postings block shorter than its documents") }
                positionsToSkip += ByteSum.sum(reader.base, from: reader.offset, count: passed)
                reader.offset += passed
            } else {
                for _ in 0..<passed { positionsToSkip += try explicitFrequency() }
            }
            base = target
        }
        while try next() {
            if doc >= target { return true }
        }
        return false
    }

    @inline(__always)
    private mutating func explicitFrequency() throws -> Int {
        guard reader.offset < documentsEnd else { throw ByteReader.corrupt("postings block shorter than its documents") }
        return try reader.count(atMost: blockEnd - documentsEnd)
    }

    /// The positions of the term in the current document; call at most once per document.
    mutating func positions(into positions: inout PositionList) throws {
        try positions.fill(positionsPending ? frequency : 0) { try self.positions(into: $0) }
    }

    /// Writes the positions of the term in the current document to `storage`, which holds at least ``frequency``
    /// of them, and returns how many it wrote (none when they were read already); call at most once per document.
    @inline(__always)
    mutating func positions(into storage: UnsafeMutablePointer<UInt32>) throws -> Int {
        guard positionsPending else { return 0 }
        if positionsToSkip > 0 {
            if positionsOneByte {
                guard positionsToSkip <= blockEnd - positionReader.offset else { throw ByteReader.corrupt("positions past their block") }
                positionReader.offset += positionsToSkip
            } else {
                try positionReader.skipVarints(positionsToSkip)
            }
            positionsToSkip = 0
        }
        if positionsOneByte {
            // Each delta is one byte below 128: summed as they are, without decoding varints.
            guard frequency <= blockEnd - positionReader.offset else { throw ByteReader.corrupt("positions past their block") }
            let bytes = positionReader.base
            var position: UInt32 = 0
            var highBits: UInt8 = 0
            for index in 0..<frequency {
                let byte = bytes[positionReader.offset &+ index]
                highBits |= byte
                position &+= UInt32(byte)
                storage[index] = position
            }
            guard highBits < 0x80 else { throw ByteReader.corrupt("positions damaged") }
            positionReader.offset += frequency
        } else {
            guard positionReader.offset <= blockEnd else { throw ByteReader.corrupt("positions past their block") }
            try PositionList.decode(frequency, from: &positionReader, into: storage)
            guard positionReader.offset <= blockEnd else { throw ByteReader.corrupt("positions past their block") }
        }
        positionsPending = false
        return frequency
    }

    /// Moves to the block after the current one; `false` at the end of the list.
    private mutating func openBlock() throws -> Bool {
        reader.offset = blockEnd
        guard !reader.isAtEnd else { return false }
        let header = try reader.varint()
        let lastDelta = header >> 1
        guard lastDelta > 0, UInt64(blockLast) + lastDelta <= UInt64(UInt32.max) else {
            throw ByteReader.corrupt("postings block out of order")
        }
        let left = documentCount - documentsBefore
        let documents = countedBlocks ? try reader.count(atMost: min(PostingsBuilder.blockSize, left)) : min(PostingsBuilder.blockSize, left)
        let documentBytes = try reader.count(atMost: reader.remaining)
        let positionBytes = try reader.count(atMost: reader.remaining - documentBytes)
        guard documents > 0, UInt64(documents) <= lastDelta else { throw ByteReader.corrupt("postings block header damaged") }
        documentsBefore += documents
        documentsInBlock = documents
        blockLast += UInt32(lastDelta)
        dense = header & 1 == 1
        frequenciesImplicit = dense && documentBytes == 0
        // Each varint takes at least a byte, so as many bytes as documents means one byte each.
        frequenciesOneByte = dense && documentBytes == documents
        // As many position bytes as positions (known without decoding in a dense block whose frequencies are
        // implicit or one byte each) means one byte each too: passing positions is then moving past bytes.
        let positionCount =
            frequenciesImplicit ? documents : frequenciesOneByte ? ByteSum.sum(reader.base, from: reader.offset, count: documentBytes) : -1
        positionsOneByte = positionCount == positionBytes
        base = dense ? blockLast - UInt32(documents) : blockLast - UInt32(lastDelta)
        documentsEnd = reader.offset + documentBytes
        blockEnd = documentsEnd + positionBytes
        positionReader.offset = documentsEnd
        positionsToSkip = 0
        positionsPending = false
        return true
    }

    /// A block as it is stored, for a merge that copies it whole.
    struct WholeBlock {
        /// Its first and last documents.
        var first: UInt32
        var last: UInt32
        var count: Int
        var dense: Bool
        /// The documents part (in a dense block the frequencies, if any) and the positions part.
        var documents: UnsafeRawBufferPointer
        var positions: UnsafeRawBufferPointer
    }

    /// The next block as it is stored, opened but none of its documents read, or `nil` at the end of the list. Call
    /// it only between blocks (before the first ``next()``, or after a block's last document); then either
    /// ``skipBlock()``, or ``next()`` for each of its documents. A list read this way is checked as ``next()`` checks
    /// it: damaged input throws ``IndexError/Code/corrupt``.
    mutating func wholeBlock() throws -> WholeBlock? {
        // A block whose documents stop short of its last: `next()` read them all, as its count says.
        guard base == blockLast else { throw ByteReader.corrupt("postings block ends before its last document") }
        guard try openBlock() else { return nil }
        // `base` is the document before the block plus one (a sparse block's first delta is from it), or in a dense
        // block its first document.
        var first = base
        if !dense {
            var peek = reader
            let delta = try peek.varint() >> 1
            guard delta > 0, UInt64(base) + delta <= UInt64(blockLast) else { throw ByteReader.corrupt("postings out of order") }
            first = base + UInt32(delta) - 1
        }
        return WholeBlock(
            first: first,
            last: blockLast - 1,
            count: documentsInBlock,
            dense: dense,
            documents: UnsafeRawBufferPointer(rebasing: reader.base[reader.offset..<documentsEnd]),
            positions: UnsafeRawBufferPointer(rebasing: reader.base[documentsEnd..<blockEnd])
        )
    }

    /// Passes over the block ``wholeBlock()`` returned without reading its documents.
    mutating func skipBlock() {
        base = blockLast
        positionsPending = false
    }

    /// Decodes a whole list (for tests).
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [Posting] {
        var cursor = try Self(bytes)
        return try cursor.decodeAll()
    }
}

/// The ascending positions of a term in one document, decoded into storage that is reused from document to document.
struct PositionList {
    private var storage: [UInt32] = []
    /// How many positions the list holds.
    private(set) var count = 0

    init() {}

    /// The positions.
    var positions: ArraySlice<UInt32> { storage[..<count] }

    /// Reads `count` delta-encoded positions.
    mutating func fill(_ count: Int, from reader: inout ByteReader) throws {
        try fill(count) { storage in
            try Self.decode(count, from: &reader, into: storage)
            return count
        }
    }

    /// Makes room for `capacity` positions and lets `write` put them at the start of the storage; `write` returns
    /// how many it wrote.
    @inline(__always)
    fileprivate mutating func fill(_ capacity: Int, _ write: (UnsafeMutablePointer<UInt32>) throws -> Int) throws {
        if storage.count < max(capacity, 1) { storage.append(contentsOf: repeatElement(0, count: max(capacity, 1) - storage.count)) }
        count = try storage.withUnsafeMutableBufferPointer { try write($0.baseAddress!) }
    }

    /// Decodes `count` delta-encoded positions from `reader` into `storage`.
    @inline(__always)
    static func decode(_ count: Int, from reader: inout ByteReader, into storage: UnsafeMutablePointer<UInt32>) throws {
        var position: UInt32 = 0
        for index in 0..<count {
            let delta = try reader.varint()
            guard delta <= UInt64(UInt32.max - position) else { throw ByteReader.corrupt("position out of range") }
            position += UInt32(delta)
            storage[index] = position
        }
    }
}

/// The positions of one term in one document, for a phrase walk: read in its inner loop without an array's
/// copy-on-write and bounds checks. The memory is the walk's own and reused from document to document; copies share
/// it, and ``deallocate()`` ends it.
struct PositionBuffer {
    private var storage: UnsafeMutablePointer<UInt32>
    private var capacity: Int
    /// How many positions the buffer holds.
    private(set) var count = 0

    /// A buffer with room for `capacity` positions, grown as needed.
    init(capacity: Int = 16) {
        self.capacity = max(capacity, 1)
        storage = .allocate(capacity: self.capacity)
    }

    /// Position `index` (below ``count``).
    @inline(__always)
    subscript(index: Int) -> UInt32 { storage[index] }

    /// Reads the positions of `cursor`'s current document.
    @inline(__always)
    mutating func fill(from cursor: inout PostingsCursor) throws {
        if cursor.frequency > capacity {
            storage.deallocate()
            capacity = max(cursor.frequency, capacity * 2)
            storage = .allocate(capacity: capacity)
        }
        count = try cursor.positions(into: storage)
    }

    /// Whether the buffer holds `value`.
    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        if count <= 8 {
            // A term occurs a few times in most fields: a scan beats a binary search there.
            for index in 0..<count where storage[index] >= value { return storage[index] == value }
            return false
        }
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if storage[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < count && storage[low] == value
    }

    /// Frees the memory.
    func deallocate() { storage.deallocate() }
}

/// A walk over one postings list, in either layout a segment may have.
protocol PostingsWalk {
    /// How many documents the list holds.
    var documentCount: Int { get }
    /// The current document (valid after ``next()`` returned `true`).
    var doc: UInt32 { get }
    /// Moves to the next document; `false` at the end.
    mutating func next() throws -> Bool
    /// The positions of the term in the current document; call at most once per document.
    mutating func positions(into positions: inout PositionList) throws
}

extension PostingsWalk {
    /// The rest of the list, decoded.
    mutating func decodeAll() throws -> [Posting] {
        var postings: [Posting] = []
        var positions = PositionList()
        while try next() {
            try self.positions(into: &positions)
            postings.append(Posting(doc: doc, positions: Array(positions.positions)))
        }
        guard postings.count == documentCount else { throw ByteReader.corrupt("postings count mismatch") }
        return postings
    }
}
