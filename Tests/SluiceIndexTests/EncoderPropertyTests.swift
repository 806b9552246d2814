import NATSTestSupport
import Testing

@testable import SluiceIndex

/// decode(encode(x)) == x for every encoder of a segment, on seeded random inputs (`SLUICE_TEST_SEED` repeats a run).
struct EncoderPropertyTests {
    @Test func varintsRoundTrip() throws {
        var random = SeededRandom()
        for _ in 0..<2000 {
            let unsigned = random.next() >> UInt64.random(in: 0...63, using: &random)
            let signed = Int64(bitPattern: random.next()) >> Int64.random(in: 0...63, using: &random)
            var writer = ByteWriter()
            writer.varint(unsigned)
            writer.signed(signed)
            try writer.bytes.withUnsafeBytes { (bytes) throws in
                var reader = ByteReader(bytes)
                #expect(try reader.varint() == unsigned, "\(random)")
                #expect(try reader.signed() == signed, "\(random)")
                #expect(reader.isAtEnd)
            }
        }
    }

    @Test func skippingVarintsLandsOnTheNextOne() throws {
        var random = SeededRandom()
        for _ in 0..<500 {
            // Runs of one-byte varints (what positions mostly are) between longer ones, so skips end at every byte of a word.
            let values = (0..<Int.random(in: 1...60, using: &random)).map { _ -> UInt64 in
                Bool.random(using: &random) ? UInt64.random(in: 0...127, using: &random) : random.next() >> UInt64.random(in: 0...63, using: &random)
            }
            var writer = ByteWriter()
            for value in values { writer.varint(value) }
            let skip = Int.random(in: 0...values.count, using: &random)
            try writer.bytes.withUnsafeBytes { (bytes) throws in
                var reader = ByteReader(bytes)
                try reader.skipVarints(skip)
                if skip < values.count {
                    #expect(try reader.varint() == values[skip], "\(random)")
                } else {
                    #expect(reader.isAtEnd, "\(random)")
                }
                var past = ByteReader(bytes)
                #expect(throws: IndexError.self) { try past.skipVarints(values.count + 1) }
            }
        }
    }

    /// Random postings of `count` documents spread over `0..<span`, with positions.
    static func randomPostings(count: Int, span: Int, _ random: inout SeededRandom) -> [Posting] {
        var docs = Set<UInt32>()
        // Dense runs (a word in every document) and scattered documents both.
        let dense = Bool.random(using: &random)
        while docs.count < min(count, span) {
            docs.insert(dense ? UInt32(docs.count) : UInt32.random(in: 0..<UInt32(span), using: &random))
        }
        return docs.sorted().map { doc in
            var position = UInt32(0)
            let positions = (0..<Int.random(in: 1...(Bool.random(using: &random) ? 1 : 6), using: &random)).map { _ in
                position += UInt32.random(in: 1...40, using: &random)
                return position
            }
            return Posting(doc: doc, positions: positions)
        }
    }

    /// A merge's copy of postings: lists of several segments, each renumbered after the ones before and with some
    /// documents left out, read back as the list made one document at a time; blocks are copied whole where their
    /// documents keep their distances.
    @Test func postingsCopiedInWholeBlocksRoundTrip() throws {
        var random = SeededRandom()
        var copiedWhole = 0
        for _ in 0..<200 {
            var builder = PostingsBuilder()
            var expected: [Posting] = []
            var next: Int32 = 0
            var positions = PositionList()
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let span = Int.random(in: 1...3000, using: &random)
                let postings = Self.randomPostings(count: Int.random(in: 1...span, using: &random), span: span, &random)
                // Most segments lose nothing; some lose a few documents, some many.
                let dropRate = [0, 0, 0.01, 0.3].randomElement(using: &random)!
                var map = [Int32](repeating: -1, count: span)
                for doc in 0..<span where Double.random(in: 0..<1, using: &random) >= dropRate {
                    map[doc] = next
                    next += 1
                }
                for posting in postings where map[Int(posting.doc)] >= 0 {
                    expected.append(Posting(doc: UInt32(map[Int(posting.doc)]), positions: posting.positions))
                }
                let encoded = PostingsBuilder.encode(postings)
                try encoded.withUnsafeBytes { (bytes) throws in
                    var walk = try PostingsCursor(bytes)
                    copiedWhole += try SegmentMerger.copyBlocks(&walk, renumbering: map, into: &builder, positions: &positions)
                }
            }
            guard !expected.isEmpty else { continue }
            #expect(builder.documentCount == expected.count, "\(random)")
            let merged = builder.finish()
            try merged.withUnsafeBytes { (bytes) throws in
                #expect(try PostingsCursor.decode(bytes) == expected, "\(random)")
                // Skipping to documents lands where the list says, across copied and rebuilt blocks.
                var cursor = try PostingsCursor(bytes)
                for posting in expected where Bool.random(using: &random) {
                    guard try cursor.advance(to: posting.doc) else { break }
                    #expect(cursor.doc == posting.doc, "\(random)")
                }
            }
        }
        #expect(copiedWhole > 100, "\(copiedWhole) blocks copied whole")
    }

    @Test func walkingPostingsWithoutPositionsSkipsThem() throws {
        var random = SeededRandom()
        for _ in 0..<200 {
            var doc = UInt32(0)
            let postings = (0..<Int.random(in: 1...400, using: &random)).map { _ -> Posting in
                doc += UInt32.random(in: 1...50, using: &random)
                var position = UInt32(0)
                let positions = (0..<Int.random(in: 1...20, using: &random)).map { _ in
                    position +=
                        Bool.random(using: &random) ? UInt32.random(in: 1...3, using: &random) : UInt32.random(in: 1...100_000, using: &random)
                    return position
                }
                return Posting(doc: doc - 1, positions: positions)
            }
            let encoded = PostingsBuilder.encode(postings)
            try encoded.withUnsafeBytes { (bytes) throws in
                var cursor = try PostingsCursor(bytes)
                var docs: [UInt32] = []
                var frequencies: [Int] = []
                while try cursor.next() {
                    docs.append(cursor.doc)
                    frequencies.append(cursor.frequency)
                }
                #expect(docs == postings.map(\.doc), "\(random)")
                #expect(frequencies == postings.map(\.positions.count), "\(random)")
            }
        }
    }

    @Test func postingsRoundTrip() throws {
        var random = SeededRandom()
        for _ in 0..<300 {
            var doc = UInt32(0)
            let postings = (0..<Int.random(in: 0...600, using: &random)).map { _ -> Posting in
                doc += UInt32.random(in: 1...(Bool.random(using: &random) ? 3 : 5000), using: &random)
                var position = UInt32(0)
                let positions = (0..<Int.random(in: 1...6, using: &random)).map { _ in
                    position += UInt32.random(in: 0...40, using: &random)
                    return position
                }
                return Posting(doc: doc - 1, positions: positions)
            }
            let encoded = PostingsBuilder.encode(postings)
            try encoded.withUnsafeBytes { (bytes) throws in
                #expect(try PostingsCursor.decode(bytes) == postings, "\(random)")
                // Skipping lands on the first document at or after each target.
                for _ in 0..<20 where !postings.isEmpty {
                    let target = UInt32.random(in: 0...postings.last!.doc + 10, using: &random)
                    var cursor = try PostingsCursor(bytes)
                    let expected = postings.first { $0.doc >= target }
                    #expect(try cursor.advance(to: target) == (expected != nil), "\(random)")
                    if let expected { #expect(cursor.doc == expected.doc, "\(random)") }
                }
            }
        }
    }

    @Test func positionsReadForSomeDocumentsOnlyAreTheirOwn() throws {
        var random = SeededRandom()
        for _ in 0..<300 {
            var doc = UInt32(0)
            // Consecutive documents (dense blocks), consecutive stretches with gaps, or sparse; frequencies all one
            // (dense blocks without frequencies) or any.
            let spacing = Int.random(in: 0..<3, using: &random)
            let onesOnly = Bool.random(using: &random)
            // Small gaps between positions (every position of a block one byte), or any; a few positions a document,
            // or up to 40 (a scan, or a binary search, and a buffer that grows).
            let smallGaps = Bool.random(using: &random)
            let most = Bool.random(using: &random) ? 9 : 40
            let postings = (0..<Int.random(in: 1...700, using: &random)).map { _ -> Posting in
                switch spacing {
                case 0: doc += 1
                case 1: doc += Int.random(in: 0..<20, using: &random) == 0 ? UInt32.random(in: 2...300, using: &random) : 1
                default: doc += UInt32.random(in: 1...(Bool.random(using: &random) ? 2 : 300), using: &random)
                }
                var position = UInt32(0)
                let positions = (0..<(onesOnly ? 1 : Int.random(in: Bool.random(using: &random) ? 1...1 : 0...most, using: &random))).map { _ in
                    position += UInt32.random(in: 0...(smallGaps ? 3 : Bool.random(using: &random) ? 2 : 70_000), using: &random)
                    return position
                }
                return Posting(doc: doc - 1, positions: positions)
            }
            let byDoc = Dictionary(uniqueKeysWithValues: postings.map { ($0.doc, $0.positions) })
            let encoded = PostingsBuilder.encode(postings)
            try encoded.withUnsafeBytes { (bytes) throws in
                var cursor = try PostingsCursor(bytes)
                var positions = PositionList()
                var buffer = PositionBuffer(capacity: 2)
                defer { buffer.deallocate() }
                var target: UInt32 = 0
                // Walks with next and advance, reading the positions of a random part of the documents it lands on,
                // into a list or a phrase walk's buffer.
                while Bool.random(using: &random) ? try cursor.next() : try cursor.advance(to: target) {
                    let expected = try #require(byDoc[cursor.doc], "\(random)")
                    #expect(cursor.frequency == expected.count, "\(random)")
                    switch Int.random(in: 0..<8, using: &random) {
                    case 0:
                        try cursor.positions(into: &positions)
                        #expect(Array(positions.positions) == expected, "\(random)")
                    case 1:
                        try buffer.fill(from: &cursor)
                        #expect((0..<buffer.count).map { buffer[$0] } == expected, "\(random)")
                        #expect(expected.allSatisfy(buffer.contains), "\(random)")
                        let absent = Set(expected.flatMap { [$0 &+ 1, $0 &- 1] }).subtracting(expected)
                        #expect(!absent.contains(where: buffer.contains), "\(random)")
                    default: break
                    }
                    target = cursor.doc + UInt32.random(in: 1...(Bool.random(using: &random) ? 3 : 600), using: &random)
                }
            }
        }
    }

    @Test func consecutiveDocumentsAreStoredWithoutDeltas() throws {
        let ones = (0..<300).map { Posting(doc: UInt32(1000 + $0), positions: [UInt32($0 % 7)]) }
        // Three blocks: the count, a header of four varints each (up to seven bytes), and one byte of position a
        // document; with frequencies four, a byte of frequency and four of positions a document.
        #expect(PostingsBuilder.encode(ones).count <= 2 + 3 * 7 + 300)
        let fours = (0..<300).map { Posting(doc: UInt32($0), positions: [1, 2, 3, 4]) }
        #expect(PostingsBuilder.encode(fours).count <= 2 + 3 * 7 + 300 + 1200)
        for postings in [ones, fours] {
            try PostingsBuilder.encode(postings).withUnsafeBytes { bytes in
                #expect(try PostingsCursor.decode(bytes) == postings)
                var cursor = try PostingsCursor(bytes)
                var positions = PositionList()
                for target in stride(from: postings[0].doc, to: postings[0].doc + 300, by: 37) {
                    #expect(try cursor.advance(to: target))
                    #expect(cursor.doc == target)
                    try cursor.positions(into: &positions)
                    #expect(Array(positions.positions) == postings[Int(target - postings[0].doc)].positions)
                }
            }
        }
    }

    @Test func byteSumsAreTheSumsOfTheBytes() {
        var random = SeededRandom()
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...80, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let start = Int.random(in: 0...bytes.count, using: &random)
            let count = Int.random(in: 0...(bytes.count - start), using: &random)
            let sum = bytes.withUnsafeBytes { ByteSum.sum($0, from: start, count: count) }
            #expect(sum == bytes[start..<start + count].reduce(0) { $0 + Int($1) }, "\(random)")
        }
    }

    /// Dense blocks whose frequencies take two bytes each are walked as those of one byte are.
    @Test func denseBlocksWithLargeFrequenciesAreSkippedExactly() throws {
        let postings = (0..<300).map { (doc: Int) -> Posting in
            let frequency = doc % 3 == 0 ? 130 : 2
            return Posting(doc: UInt32(doc), positions: (0..<frequency).map { (index: Int) -> UInt32 in UInt32(index * 2 + doc % 2) })
        }
        try PostingsBuilder.encode(postings).withUnsafeBytes { bytes in
            var cursor = try PostingsCursor(bytes)
            var positions = PositionList()
            for target in stride(from: UInt32(5), to: 300, by: 29) {
                #expect(try cursor.advance(to: target))
                try cursor.positions(into: &positions)
                #expect(Array(positions.positions) == postings[Int(target)].positions)
            }
        }
    }

    @Test func dictionaryBlocksRoundTrip() throws {
        var random = SeededRandom()
        for _ in 0..<50 {
            let alphabet = Array("abcde".utf8)
            var terms = Set<[UInt8]>()
            for _ in 0..<Int.random(in: 1...400, using: &random) {
                terms.insert((0..<Int.random(in: 1...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            }
            let sorted = terms.sorted { $0.lexicographicallyPrecedes($1) }
            var writer = TermDictionaryWriter()
            var infos: [[UInt8]: TermInfo] = [:]
            var offset = 0
            for term in sorted {
                let info = TermInfo(
                    documentCount: Int.random(in: 1...1000, using: &random),
                    offset: offset,
                    length: Int.random(in: 1...50, using: &random)
                )
                offset += info.length
                infos[term] = info
                writer.add(term, info)
            }
            let (blocks, index) = writer.finish()
            try blocks.withUnsafeBytes { (blocks) throws in
                try index.withUnsafeBytes { (index) throws in
                    let dictionary = try TermDictionary(blocks: blocks, index: index, postingsLength: offset)
                    var all: [[UInt8]] = []
                    try dictionary.forEachTerm { term, info in
                        all.append(Array(term))
                        #expect(infos[Array(term)] == info, "\(random)")
                    }
                    #expect(all == sorted, "\(random)")
                    for term in sorted { #expect(try dictionary.lookup(term) == infos[term], "\(random)") }
                    #expect(try dictionary.lookup(Array("zz".utf8)) == nil)
                    let prefix = Array("ab".utf8)
                    var withPrefix: [[UInt8]] = []
                    try dictionary.forEach(prefix: prefix) { term, _ in withPrefix.append(Array(term)) }
                    #expect(withPrefix == sorted.filter { $0.starts(with: prefix) }, "\(random)")
                }
            }
        }
    }

    /// Documents of random bytes (stored as they are) or of text (compressed), up to 3,000 bytes each.
    static func storedDocuments(_ random: inout SeededRandom) -> [[UInt8]] {
        (0..<Int.random(in: 0...300, using: &random)).map { _ in
            let count = Int.random(in: 0...3000, using: &random)
            return Bool.random(using: &random)
                ? LZBlockTests.text(count, &random) : (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
        }
    }

    /// Reads every document of `blocks` both ways (by number, and all in order) and compares them with `documents`.
    static func expectStored(_ documents: [[UInt8]], blocks: [UInt8], index: [UInt8], _ random: SeededRandom) throws {
        try blocks.withUnsafeBytes { (blocks) throws in
            try index.withUnsafeBytes { (index) throws in
                let stored = try StoredBlocks(blocks: blocks, index: index, documentCount: documents.count)
                for (number, document) in documents.enumerated() { #expect(try stored.document(number) == document, "\(random)") }
                var inOrder: [[UInt8]] = []
                try stored.forEach { number, document in
                    #expect(number == inOrder.count)
                    inOrder.append(Array(document))
                }
                #expect(inOrder == documents, "\(random)")
            }
        }
    }

    @Test func storedBlocksRoundTrip() throws {
        var random = SeededRandom()
        for _ in 0..<50 {
            let documents = Self.storedDocuments(&random)
            let (blocks, index) = StoredBlocksWriter.encode(documents)
            try Self.expectStored(documents, blocks: blocks, index: index, random)
        }
    }

    /// A merge's writer takes whole blocks of other segments between documents of its own, and reads back the same.
    @Test func storedBlocksCopiedWholeRoundTrip() throws {
        var random = SeededRandom()
        for _ in 0..<30 {
            var writer = StoredBlocksWriter()
            var expected: [[UInt8]] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let documents = Self.storedDocuments(&random)
                let (blocks, index) = StoredBlocksWriter.encode(documents)
                try blocks.withUnsafeBytes { (blocks) throws in
                    try index.withUnsafeBytes { (index) throws in
                        try StoredBlocks(blocks: blocks, index: index, documentCount: documents.count).forEachBlock { block in
                            #expect(block.isCompressed)
                            if Bool.random(using: &random) {
                                writer.add(encodedBlock: block.encoded, documents: block.documentCount)
                            } else {
                                for document in documents[block.first..<block.first + block.documentCount] { writer.add(document) }
                            }
                        }
                    }
                }
                expected += documents
            }
            let (blocks, index) = writer.finish()
            try Self.expectStored(expected, blocks: blocks, index: index, random)
        }
    }
}
