/// Writes stored documents in blocks of about ``targetBlockBytes``: each block is its document count, the byte
/// length of its documents (each length-prefixed, one after another) and the length of what follows, those bytes
/// compressed with ``LZBlock`` (or as they are, when compressing would not make them smaller: the two lengths are
/// then equal). The index gives each block's first document and offset. A reader decompresses one block to fetch
/// one document.
struct StoredBlocksWriter {
    static let targetBlockBytes = 16384

    private(set) var blocks = ByteWriter()
    /// Bytes of blocks handed out by ``takeBlocks()`` before `blocks`.
    private var taken = 0
    private var index = ByteWriter()
    private var block = ByteWriter()
    private var compressed: [UInt8] = []
    private var compressor = LZBlock.Compressor()
    private var blockDocuments = 0
    private var blockCount = 0
    private var documents = 0

    init() {}

    /// Adds the next document's bytes.
    mutating func add<C: Collection>(_ document: C) where C.Element == UInt8 {
        if blockDocuments == 0 { indexBlock() }
        block.blob(document)
        blockDocuments += 1
        documents += 1
        if block.count >= Self.targetBlockBytes { closeBlock() }
    }

    /// Adds a whole block of another segment as it is (``StoredBlocks/Block/encoded``), holding the next `documents`
    /// documents; the documents added before it end their block first.
    mutating func add(encodedBlock: UnsafeRawBufferPointer, documents count: Int) {
        closeBlock()
        indexBlock()
        blocks.append(encodedBlock)
        documents += count
        blockCount += 1
    }

    private mutating func indexBlock() {
        index.varint(documents)
        index.varint(taken + blocks.count)
    }

    private mutating func closeBlock() {
        guard blockDocuments > 0 else { return }
        blocks.varint(blockDocuments)
        blocks.varint(block.count)
        compressed.removeAll(keepingCapacity: true)
        block.bytes.withUnsafeBytes { compressor.compress($0, appendingTo: &compressed) }
        if compressed.count < block.count {
            blocks.blob(compressed)
        } else {
            blocks.blob(block.bytes)
        }
        block.bytes.removeAll(keepingCapacity: true)
        blockDocuments = 0
        blockCount += 1
    }

    /// The finished blocks not yet handed out, to be written before the rest: a writer of a large segment takes
    /// them as it goes rather than holding them all.
    mutating func takeBlocks() -> [UInt8] {
        let finished = blocks.bytes
        taken += finished.count
        blocks.bytes.removeAll(keepingCapacity: true)
        return finished
    }

    /// Empties the writer for the next segment, keeping its buffers.
    mutating func removeAll() {
        blocks.bytes.removeAll(keepingCapacity: true)
        index.bytes.removeAll(keepingCapacity: true)
        block.bytes.removeAll(keepingCapacity: true)
        taken = 0
        blockDocuments = 0
        blockCount = 0
        documents = 0
    }

    /// The blocks not yet taken and the index of all of them (block count, then first document and offset of each).
    mutating func finish() -> (blocks: [UInt8], index: [UInt8]) {
        closeBlock()
        var header = ByteWriter()
        header.varint(blockCount)
        header.append(index.bytes)
        return (blocks.bytes, header.bytes)
    }

    /// Encodes `documents` at once.
    static func encode(_ documents: [[UInt8]]) -> (blocks: [UInt8], index: [UInt8]) {
        var writer = StoredBlocksWriter()
        for document in documents { writer.add(document) }
        return writer.finish()
    }
}

/// Reads stored documents by number, from blocks as ``StoredBlocksWriter`` writes them or, in segments of the formats
/// before compression, from blocks of the document count and the documents alone.
struct StoredBlocks: Sendable {
    /// One block of stored documents.
    struct Block {
        /// The number of its first document.
        var first: Int
        var documentCount: Int
        /// The block's bytes in the section, header included: what a merge copies when it keeps every document.
        var encoded: UnsafeRawBufferPointer
        /// Whether ``encoded`` is in the compressed layout (rather than a format before it).
        var isCompressed: Bool
        /// The byte length of its documents, decompressed.
        var documentBytes: Int
        fileprivate var payload: UnsafeRawBufferPointer
    }

    private let firstDocuments: [Int]
    private let offsets: [Int]
    private nonisolated(unsafe) let blocks: UnsafeRawBufferPointer
    private let compressed: Bool
    let documentCount: Int

    /// Reads the index of `blocks`; `compressed` is whether they are in the compressed layout.
    init(blocks: UnsafeRawBufferPointer, index: UnsafeRawBufferPointer, documentCount: Int, compressed: Bool = true) throws {
        var reader = ByteReader(index)
        let count = try reader.count(atMost: index.count)
        var firstDocuments: [Int] = []
        var offsets: [Int] = []
        for _ in 0..<count {
            let first = try reader.count(atMost: documentCount)
            let offset = try reader.count(atMost: blocks.count)
            if let last = firstDocuments.last, first <= last { throw ByteReader.corrupt("stored blocks out of order") }
            if firstDocuments.isEmpty, first != 0 { throw ByteReader.corrupt("stored blocks do not start at document 0") }
            if let last = offsets.last, offset <= last { throw ByteReader.corrupt("stored block offsets out of order") }
            firstDocuments.append(first)
            offsets.append(offset)
        }
        if documentCount > 0, firstDocuments.isEmpty { throw ByteReader.corrupt("stored blocks missing") }
        self.firstDocuments = firstDocuments
        self.offsets = offsets
        self.blocks = blocks
        self.compressed = compressed
        self.documentCount = documentCount
    }

    /// How many blocks there are.
    var blockCount: Int { offsets.count }

    /// Block `number` (below ``blockCount``), its header read and its document count checked against the index.
    func block(_ number: Int) throws -> Block {
        let end = number + 1 < offsets.count ? offsets[number + 1] : blocks.count
        let bytes = UnsafeRawBufferPointer(rebasing: blocks[offsets[number]..<end])
        var reader = ByteReader(bytes)
        let count = try reader.count(atMost: documentCount - firstDocuments[number])
        let indexed = (number + 1 < firstDocuments.count ? firstDocuments[number + 1] : documentCount) - firstDocuments[number]
        guard count > 0, count == indexed else {
            throw ByteReader.corrupt("stored block \(number) holds \(count) documents where its index says \(indexed)")
        }
        guard compressed else {
            return Block(
                first: firstDocuments[number],
                documentCount: count,
                encoded: bytes,
                isCompressed: false,
                documentBytes: reader.remaining,
                payload: try reader.slice(reader.remaining)
            )
        }
        // A compressed block is at most about 255 times smaller than its documents.
        let documentBytes = try reader.count(atMost: bytes.count * 256)
        let payload = try reader.blob()
        guard payload.count <= documentBytes else { throw ByteReader.corrupt("stored block \(number) longer compressed than not") }
        return Block(
            first: firstDocuments[number],
            documentCount: count,
            encoded: UnsafeRawBufferPointer(rebasing: bytes[..<reader.offset]),
            isCompressed: true,
            documentBytes: documentBytes,
            payload: payload
        )
    }

    /// Calls `body` with the documents of `block`, decompressed into `scratch` (kept by the caller from block to
    /// block) when they are compressed.
    func forEachDocument(
        of block: Block,
        scratch: inout [UInt8],
        _ body: (Int, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        func read(_ documents: UnsafeRawBufferPointer) throws {
            var reader = ByteReader(documents)
            for number in block.first..<block.first + block.documentCount { try body(number, try reader.blob()) }
            guard reader.isAtEnd else { throw ByteReader.corrupt("stored block of document \(block.first) longer than its documents") }
        }
        guard block.isCompressed, block.payload.count < block.documentBytes else { return try read(block.payload) }
        if scratch.count < block.documentBytes { scratch = [UInt8](repeating: 0, count: block.documentBytes) }
        try scratch.withUnsafeMutableBytes { scratch in
            let documents = UnsafeMutableRawBufferPointer(rebasing: scratch[..<block.documentBytes])
            try LZBlock.decompress(block.payload, into: documents)
            try read(UnsafeRawBufferPointer(documents))
        }
    }

    /// Calls `body` with every block in order.
    func forEachBlock(_ body: (Block) throws -> Void) throws {
        for number in offsets.indices { try body(try block(number)) }
    }

    /// Calls `body` with every document in order, decompressing each block once.
    func forEach(_ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
        var scratch: [UInt8] = []
        try forEachBlock { block in try forEachDocument(of: block, scratch: &scratch, body) }
    }

    /// The bytes of document `number`, copied out.
    func document(_ number: Int) throws -> [UInt8] {
        guard number >= 0, number < documentCount else { throw ByteReader.corrupt("stored document \(number) out of range") }
        var low = 0
        var high = firstDocuments.count
        while low + 1 < high {
            let middle = (low + high) / 2
            if firstDocuments[middle] <= number { low = middle } else { high = middle }
        }
        let block = try block(low)
        guard number < block.first + block.documentCount else { throw ByteReader.corrupt("stored block too short") }
        var found: [UInt8] = []
        var scratch: [UInt8] = []
        try forEachDocument(of: block, scratch: &scratch) { doc, bytes in
            if doc == number { found = Array(bytes) }
        }
        return found
    }
}
