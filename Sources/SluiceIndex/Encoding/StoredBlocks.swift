/// Writes stored documents in blocks of about ``targetBlockBytes``: each block is a document count and the
/// length-prefixed documents; the index gives each block's first document and offset. A reader decodes one block
/// to fetch one document.
struct StoredBlocksWriter {
    static let targetBlockBytes = 16384

    private(set) var blocks = ByteWriter()
    /// Bytes of blocks handed out by ``takeBlocks()`` before `blocks`.
    private var taken = 0
    private var index = ByteWriter()
    private var block = ByteWriter()
    private var blockDocuments = 0
    private var blockCount = 0
    private var documents = 0

    init() {}

    /// Adds the next document's bytes.
    mutating func add<C: Collection>(_ document: C) where C.Element == UInt8 {
        if blockDocuments == 0 {
            index.varint(documents)
            index.varint(taken + blocks.count)
        }
        block.blob(document)
        blockDocuments += 1
        documents += 1
        if block.count >= Self.targetBlockBytes { closeBlock() }
    }

    private mutating func closeBlock() {
        guard blockDocuments > 0 else { return }
        blocks.varint(blockDocuments)
        blocks.append(block.bytes)
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

/// Reads stored documents by number.
struct StoredBlocks: Sendable {
    private let firstDocuments: [Int]
    private let offsets: [Int]
    private nonisolated(unsafe) let blocks: UnsafeRawBufferPointer
    let documentCount: Int

    init(blocks: UnsafeRawBufferPointer, index: UnsafeRawBufferPointer, documentCount: Int) throws {
        var reader = ByteReader(index)
        let count = try reader.count(atMost: index.count)
        var firstDocuments: [Int] = []
        var offsets: [Int] = []
        for _ in 0..<count {
            let first = try reader.count(atMost: documentCount)
            let offset = try reader.count(atMost: blocks.count)
            if let last = firstDocuments.last, first <= last { throw ByteReader.corrupt("stored blocks out of order") }
            if firstDocuments.isEmpty, first != 0 { throw ByteReader.corrupt("stored blocks do not start at document 0") }
            firstDocuments.append(first)
            offsets.append(offset)
        }
        if documentCount > 0, firstDocuments.isEmpty { throw ByteReader.corrupt("stored blocks missing") }
        self.firstDocuments = firstDocuments
        self.offsets = offsets
        self.blocks = blocks
        self.documentCount = documentCount
    }

    /// Calls `body` with every document in order, decoding each block once.
    func forEach(_ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
        var number = 0
        for (block, offset) in offsets.enumerated() {
            var reader = ByteReader(blocks, offset: offset)
            let count = try reader.count(atMost: reader.remaining)
            guard firstDocuments[block] == number else { throw ByteReader.corrupt("stored block \(block) does not start where the one before ended") }
            for _ in 0..<count {
                guard number < documentCount else { throw ByteReader.corrupt("more stored documents than entries") }
                try body(number, try reader.blob())
                number += 1
            }
        }
        guard number == documentCount else { throw ByteReader.corrupt("fewer stored documents than entries") }
    }

    /// The bytes of document `number`, copied out of the mapped file.
    func document(_ number: Int) throws -> [UInt8] {
        guard number >= 0, number < documentCount else { throw ByteReader.corrupt("stored document \(number) out of range") }
        var low = 0
        var high = firstDocuments.count
        while low + 1 < high {
            let middle = (low + high) / 2
            if firstDocuments[middle] <= number { low = middle } else { high = middle }
        }
        var reader = ByteReader(blocks, offset: offsets[low])
        let count = try reader.count(atMost: reader.remaining)
        let skip = number - firstDocuments[low]
        guard skip < count else { throw ByteReader.corrupt("stored block too short") }
        for _ in 0..<skip { _ = try reader.blob() }
        return Array(try reader.blob())
    }
}
