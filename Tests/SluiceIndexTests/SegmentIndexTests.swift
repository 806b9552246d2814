import Glibc
import NATSTestSupport
import Testing

@testable import SluiceIndex

/// Versions, deletes, reopening, merges and damaged files on a real index directory.
struct SegmentIndexTests {
    static let fields = [IndexField("title", weight: 2), IndexField("body")]

    static func document(_ id: String, _ version: Int64, _ title: String, _ body: String? = nil) -> IndexChange {
        .upsert(IndexDocument(id: id, version: version, fields: [title, body], source: Array("{\"t\":\"\(title)\"}".utf8)))
    }

    static func ids(_ results: IndexResults) -> Set<String> { Set(results.hits.map(\.id)) }

    @Test func newestVersionWinsAndDeletesStay() async throws {
        let directory = try TestDirectory.make(prefix: "segment-index")
        defer { TestDirectory.remove(directory) }
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields)
        defer { index.close() }
        #expect(try await index.apply([Self.document("a", 2, "river"), Self.document("b", 1, "lake")]) == [.applied, .applied])
        #expect(try await index.apply([Self.document("a", 1, "older"), Self.document("a", 2, "equal")]) == [.stale, .stale])
        #expect(try await index.apply([Self.document("a", 3, "glacier"), Self.document("a", 4, "valley")]) == [.stale, .applied])
        #expect(try index.get(id: "a")?.version == 4)
        #expect(try await index.search("river").total == 0)
        #expect(Self.ids(try await index.search("valley")) == ["a"])
        #expect(try await index.apply([.delete(id: "b", version: 5), Self.document("b", 4, "lake again")]) == [.applied, .stale])
        #expect(try index.get(id: "b") == nil)
        #expect(try await index.search("lake").total == 0)
        #expect(try await index.apply([Self.document("b", 5, "lake")]) == [.stale])
        #expect(index.count == 1)
        // Within one batch the highest version of an id counts, the first of equals, whichever shards the ids are in.
        let equals = [Self.document("c", 1, "first"), Self.document("d", 1, "delta"), Self.document("c", 1, "second")]
        #expect(try await index.apply(equals) == [.applied, .applied, .stale])
        #expect(Self.ids(try await index.search("first OR second")) == ["c"])
        let newestInTheMiddle = [
            Self.document("e", 3, "three"), Self.document("f", 1, "fox"), Self.document("e", 5, "five"), Self.document("e", 4, "four"),
        ]
        #expect(try await index.apply(newestInTheMiddle) == [.stale, .applied, .applied, .stale])
        #expect(try index.get(id: "e")?.version == 5)
        #expect(Self.ids(try await index.search("three OR five OR four")) == ["e"])
        #expect(try await index.search("five").total == 1)
        #expect(index.count == 5)
    }

    /// Items made into changes on the writers: an item whose change cannot be made gets its error in its place, and
    /// the others their outcomes in theirs, though each shard made and applied only some of them.
    @Test func itemsAreMadeIntoChangesOnTheWritersAndAnsweredInTheirPlaces() async throws {
        struct Odd: Error { let number: Int }
        let directory = try TestDirectory.make(prefix: "segment-index-items")
        defer { TestDirectory.remove(directory) }
        var configuration = SegmentIndex.Configuration()
        configuration.shards = 3
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields, configuration: configuration)
        defer { index.close() }
        // Items 0…59 write ids k0…k29 twice, the second time (items 30…59) at a higher version; odd items fail.
        let items = Array(0..<60)
        let change: @Sendable (UnsafePointer<Int>) throws -> IndexChange = { item in
            guard item.pointee.isMultiple(of: 2) else { throw Odd(number: item.pointee) }
            return Self.document("k\(item.pointee % 30)", Int64(item.pointee), "item \(item.pointee)")
        }
        let results = try await index.apply(items, id: { "k\($0.pointee % 30)" }, change: change)
        for (item, result) in zip(items, results) {
            switch result {
            case .failure(let error as Odd): #expect(error.number == item && !item.isMultiple(of: 2))
            case .failure(let error): Issue.record("item \(item): \(error)")
            // The first write of an even id is outdone by the second in the same batch.
            case .success(let outcome): #expect(outcome == (item >= 30 ? .applied : .stale), "item \(item)")
            }
        }
        #expect(index.count == 15)
        #expect(try index.get(id: "k4")?.version == 34)
        let again = try await index.apply(items, id: { "k\($0.pointee % 30)" }, change: change)
        #expect(again.compactMap { try? $0.get() }.allSatisfy { $0 == .stale })
    }

    @Test func reopensWithEveryAcknowledgedChange() async throws {
        let directory = try TestDirectory.make(prefix: "segment-reopen")
        defer { TestDirectory.remove(directory) }
        var configuration = SegmentIndex.Configuration()
        configuration.mergePolicy.segmentsPerTier = 2
        configuration.mergePolicy.floorDocuments = 2
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields, configuration: configuration)
        for round in 0..<20 {
            let changes = (0..<10).map { Self.document("d\($0 + round % 3)", Int64(round), "round\(round) word\($0)") }
            _ = try await index.apply(changes + [.delete(id: "d0", version: Int64(round))])
        }
        try index.merge()
        let before = try await index.search("round19", limit: 100)
        index.close()
        let reopened = try #require(try SegmentIndex.openExisting(directory: directory))
        defer { reopened.close() }
        #expect(reopened.fields == Self.fields)
        let after = try await reopened.search("round19", limit: 100)
        #expect(after.total == before.total)
        #expect(Self.ids(after) == Self.ids(before))
        #expect(try reopened.get(id: "d0") == nil)
        #expect(try reopened.get(id: "d11")?.version == 17)
        #expect(try reopened.get(id: "d10")?.version == 19)
        #expect(reopened.count == 11)
    }

    @Test func mergesKeepTheSegmentCountBoundedAndTheResultsTheSame() async throws {
        let directory = try TestDirectory.make(prefix: "segment-merge")
        defer { TestDirectory.remove(directory) }
        var configuration = SegmentIndex.Configuration()
        configuration.shards = 1
        configuration.backgroundThreads = false
        configuration.buffer.documents = 16
        configuration.mergePolicy.segmentsPerTier = 4
        configuration.mergePolicy.floorDocuments = 10
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields, configuration: configuration)
        defer { index.close() }
        for batch in 0..<64 {
            _ = try await index.apply((0..<8).map { Self.document("doc\(batch * 8 + $0)", 1, "alpha beta\($0)", "batch\(batch) gamma") })
            if batch % 3 == 0 { _ = try await index.apply([Self.document("doc\(batch)", 2, "replaced")]) }
        }
        let queries = ["alpha", "beta3", "\"alpha beta3\"", "gam*", "alpha NOT beta1", "replaced OR batch7", "title: alpha"]
        var before: [IndexResults] = []
        for query in queries { before.append(try await index.search(query, limit: 1000)) }
        let segments = index.segmentCount
        try index.merge()
        #expect(index.segmentCount < segments)
        #expect(index.segmentCount <= 12)
        for (query, expected) in zip(queries, before) {
            let merged = try await index.search(query, limit: 1000)
            #expect(merged.total == expected.total, "\(query)")
            #expect(Self.ids(merged) == Self.ids(expected), "\(query)")
        }
    }

    @Test func aDamagedSegmentIsAClearError() async throws {
        let directory = try TestDirectory.make(prefix: "segment-damaged")
        defer { TestDirectory.remove(directory) }
        var configuration = SegmentIndex.Configuration()
        configuration.shards = 1
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields, configuration: configuration)
        _ = try await index.apply((0..<50).map { Self.document("d\($0)", 1, "word\($0)") })
        index.close()
        let name = try #require(try Files.list("\(directory)/shard-0").first { $0.hasSuffix(".seg") })
        let path = "\(directory)/shard-0/\(name)"
        var bytes = try #require(try Files.read(path))
        bytes[bytes.count / 2] ^= 0xff
        try Files.writeSynced(bytes, to: path)
        let error = try #require(throws: IndexError.self) {
            try SegmentIndex.open(directory: directory, fields: Self.fields, configuration: configuration)
        }
        #expect(error.code == .corrupt)
        #expect(error.message.contains(name))
    }

    /// Copies a shard directory as it is on disk while its index is open: what a crash would leave.
    static func copyShard(_ source: String, to target: String) throws {
        try Files.makeDirectory(target)
        for name in try Files.list(source) {
            try Files.writeSynced(try #require(try Files.read("\(source)/\(name)")), to: "\(target)/\(name)")
        }
    }

    @Test func theLogIsReplayedUpToATornRecord() async throws {
        let directory = try TestDirectory.make(prefix: "segment-log")
        defer { TestDirectory.remove(directory) }
        var configuration = SegmentIndex.Configuration()
        configuration.shards = 1
        let index = try SegmentIndex.open(directory: "\(directory)/index", fields: Self.fields, configuration: configuration)
        defer { index.close() }
        _ = try await index.apply([Self.document("a", 1, "river"), Self.document("b", 1, "lake")])
        try index.commit()
        _ = try await index.apply([Self.document("a", 2, "glacier"), .delete(id: "b", version: 2), Self.document("c", 1, "delta")])
        _ = try await index.apply([Self.document("c", 2, "summit")])
        // Crashed after the last two batches were acknowledged: both come back from the log.
        try Self.copyShard("\(directory)/index/shard-0", to: "\(directory)/crashed/shard-0")
        let crashed = try SegmentIndex.open(directory: "\(directory)/crashed", fields: Self.fields, configuration: configuration)
        #expect(try crashed.get(id: "a")?.version == 2)
        #expect(try crashed.get(id: "b") == nil)
        #expect(try crashed.get(id: "c")?.version == 2)
        #expect(Self.ids(try await crashed.search("summit OR glacier")) == ["a", "c"])
        crashed.close()
        // Crashed while the last batch was being written: the torn record is ignored, the one before it is kept.
        try Self.copyShard("\(directory)/index/shard-0", to: "\(directory)/torn/shard-0")
        let log = try #require(try WriteAheadLog.files(in: "\(directory)/torn/shard-0").last)
        let path = WriteAheadLog.path("\(directory)/torn/shard-0", log)
        let bytes = try #require(try Files.read(path))
        try Files.writeSynced(Array(bytes.dropLast(3)), to: path)
        let torn = try SegmentIndex.open(directory: "\(directory)/torn", fields: Self.fields, configuration: configuration)
        defer { torn.close() }
        #expect(try torn.get(id: "a")?.version == 2)
        #expect(try torn.get(id: "c")?.version == 1)
        #expect(try await torn.search("summit").total == 0)
    }

    @Test func aCommitWritesTheBufferAndCutsTheLog() async throws {
        let directory = try TestDirectory.make(prefix: "segment-commit")
        defer { TestDirectory.remove(directory) }
        var configuration = SegmentIndex.Configuration()
        configuration.shards = 1
        configuration.buffer.documents = 25
        configuration.backgroundThreads = false
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields, configuration: configuration)
        defer { index.close() }
        for batch in 0..<4 {
            _ = try await index.apply((0..<10).map { Self.document("d\(batch * 10 + $0)", 1, "word\($0) batch\(batch)") })
        }
        let shard = "\(directory)/shard-0"
        // 30 documents reached the buffer's size and were flushed; the last 10 are in the log only.
        #expect(index.shards[0].writer.withLock { $0.bufferedDocuments } == 10)
        #expect(try Files.list(shard).filter { $0.hasSuffix(".seg") }.count == 1)
        try index.commit()
        #expect(index.shards[0].writer.withLock { $0.bufferedDocuments } == 0)
        #expect(try WriteAheadLog.files(in: shard).count == 1)
        #expect(try WriteAheadLog.replay(try #require(try WriteAheadLog.files(in: shard).first), in: shard).isEmpty)
        #expect(try await index.search("batch3").total == 10)
        #expect(index.count == 40)
    }

    @Test func aDueFlushRunsBesideTheWritesAndAnOverdueOneHoldsTheWriter() async throws {
        let directory = try TestDirectory.make(prefix: "segment-background-flush")
        defer { TestDirectory.remove(directory) }
        var configuration = SegmentIndex.Configuration()
        configuration.shards = 1
        configuration.buffer.documents = 25
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields, configuration: configuration)
        defer { index.close() }
        let shard = "\(directory)/shard-0"
        func segmentFiles() throws -> Int { try Files.list(shard).filter { $0.hasSuffix(".seg") }.count }
        func buffered() -> Int { index.shards[0].writer.withLock { $0.bufferedDocuments } }

        // Due (30 of 25): the write returns, and the shard's flusher writes the segment.
        _ = try await index.apply((0..<30).map { Self.document("a\($0)", 1, "due") })
        let deadline = ContinuousClock.now + .seconds(10)
        while try segmentFiles() < 1 || buffered() > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(try segmentFiles() == 1)
        #expect(buffered() == 0)

        // Overdue (60, twice 25 and more): the write itself flushes before it returns.
        _ = try await index.apply((0..<60).map { Self.document("b\($0)", 1, "overdue") })
        #expect(buffered() == 0)
        #expect(try segmentFiles() == 2)
        #expect(try await index.search("due").total == 30)
        #expect(try await index.search("overdue").total == 60)
    }

    @Test func aDamagedLogRecordIsAClearError() async throws {
        let directory = try TestDirectory.make(prefix: "segment-bad-log")
        defer { TestDirectory.remove(directory) }
        var configuration = SegmentIndex.Configuration()
        configuration.shards = 1
        try SegmentIndex.open(directory: directory, fields: Self.fields, configuration: configuration).close()
        // A record whose checksum is right but whose change kind is unknown: written whole, so not a torn write.
        var payload = ByteWriter()
        payload.varint(1)
        payload.append([7, 1, UInt8(ascii: "x"), 2])
        var record = ByteWriter()
        record.uint32(UInt32(payload.count))
        record.uint32(CRC32C.checksum(payload.bytes))
        record.append(payload.bytes)
        try Files.writeSynced(record.bytes, to: WriteAheadLog.path("\(directory)/shard-0", 99))
        let error = try #require(throws: IndexError.self) {
            try SegmentIndex.open(directory: directory, fields: Self.fields, configuration: configuration)
        }
        #expect(error.code == .corrupt)
        #expect(error.message.contains("wal-99.log"))
    }

    @Test func otherFieldsAreRefused() throws {
        let directory = try TestDirectory.make(prefix: "segment-fields")
        defer { TestDirectory.remove(directory) }
        try SegmentIndex.open(directory: directory, fields: Self.fields).close()
        let error = try #require(throws: IndexError.self) { try SegmentIndex.open(directory: directory, fields: [IndexField("name")]) }
        #expect(error.code == .incompatible)
        // A weight change alone is taken.
        let reweighted = try SegmentIndex.open(directory: directory, fields: [IndexField("title"), IndexField("body", weight: 3)])
        #expect(reweighted.fields[1].weight == 3)
        reweighted.close()
    }

    /// A merge's postings and stored documents pass the merge's write buffer several times over, so the file is
    /// written piece by piece; reopened, it passes its checksums and answers as the segments it replaced.
    /// Stored blocks whose documents are all kept go into a merge whole, the others document by document: either
    /// way every id reads back its newest source, and deleted ones stay gone.
    @Test func aMergeKeepsEveryNewestSource() async throws {
        let directory = try TestDirectory.make(prefix: "segment-merge-stored")
        defer { TestDirectory.remove(directory) }
        var configuration = SegmentIndex.Configuration()
        configuration.shards = 1
        configuration.backgroundThreads = false
        // The four segments below, all under 1,000 documents, are merged into one.
        configuration.mergePolicy.segmentsPerTier = 4
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields, configuration: configuration)
        defer { index.close() }
        func source(_ number: Int, _ version: Int64) -> [UInt8] {
            let body = String(repeating: "river valley \(number) ", count: 12)
            return Array(#"{"id":"doc\#(number)","version":\#(version),"body":"\#(body)"}"#.utf8)
        }
        var expected: [Int: (version: Int64, source: [UInt8])?] = [:]
        // Three segments of 400 documents of about 300 bytes: full blocks of 16 KiB, and a short one at each end.
        for batch in 0..<3 {
            let numbers = batch * 400..<(batch + 1) * 400
            _ = try await index.apply(
                numbers.map { .upsert(IndexDocument(id: "doc\($0)", version: 1, fields: ["t", "river"], source: source($0, 1))) }
            )
            try index.commit()
            for number in numbers { expected[number] = (1, source(number, 1)) }
        }
        // Some blocks of the first two segments lose documents to newer versions and deletes; the third keeps all.
        var changes: [IndexChange] = []
        for number in stride(from: 3, to: 800, by: 37) {
            changes.append(.upsert(IndexDocument(id: "doc\(number)", version: 2, fields: ["t", "lake"], source: source(number, 2))))
            expected[number] = (2, source(number, 2))
        }
        for number in stride(from: 10, to: 800, by: 101) {
            changes.append(.delete(id: "doc\(number)", version: 3))
            expected[number] = .some(nil)
        }
        _ = try await index.apply(changes)
        try index.commit()
        let segments = index.segmentCount
        try index.merge()
        #expect(segments == 4 && index.segmentCount == 1, "\(segments) segments, then \(index.segmentCount)")
        for (number, wanted) in expected {
            let found = try index.get(id: "doc\(number)")
            #expect(found?.version == wanted?.version, "doc\(number)")
            #expect(found.map { String(decoding: $0.source, as: UTF8.self) } == wanted.map { String(decoding: $0.source, as: UTF8.self) })
        }
        #expect(index.count == expected.values.count(where: { $0 != nil }))
    }

    /// The export reads stored documents block by block: pages hold `pageSize` entries but the last, and every id
    /// comes once with its newest version and source (none for a delete), across blocks, segments and shards.
    @Test func storedPagesHoldEveryNewestEntryOnce() async throws {
        let directory = try TestDirectory.make(prefix: "segment-export")
        defer { TestDirectory.remove(directory) }
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields)
        defer { index.close() }
        func source(_ number: Int, _ version: Int64) -> [UInt8] {
            Array("{\"n\":\(number),\"v\":\(version),\"body\":\"\(String(repeating: "river valley \(number) ", count: 10))\"}".utf8)
        }
        var expected: [String: StoredEntry] = [:]
        for batch in 0..<3 {
            let numbers = batch * 300..<(batch + 1) * 300
            _ = try await index.apply(numbers.map { .upsert(IndexDocument(id: "d\($0)", version: 1, fields: ["t", nil], source: source($0, 1))) })
            for number in numbers { expected["d\(number)"] = StoredEntry(id: "d\(number)", version: 1, source: source(number, 1)) }
            try index.commit()
        }
        var changes: [IndexChange] = []
        for number in stride(from: 5, to: 900, by: 41) {
            changes.append(.upsert(IndexDocument(id: "d\(number)", version: 2, fields: ["t", nil], source: source(number, 2))))
            expected["d\(number)"] = StoredEntry(id: "d\(number)", version: 2, source: source(number, 2))
        }
        for number in stride(from: 9, to: 900, by: 97) {
            changes.append(.delete(id: "d\(number)", version: 3))
            expected["d\(number)"] = StoredEntry(id: "d\(number)", version: 3, source: nil)
        }
        _ = try await index.apply(changes)
        var pages: [[StoredEntry]] = []
        try await index.forEachStoredPage(pageSize: 7) { pages.append($0) }
        #expect(pages.dropLast().allSatisfy { $0.count == 7 } && (1...7).contains(pages.last?.count ?? 0))
        let entries = pages.flatMap { $0 }
        #expect(entries.count == expected.count)
        #expect(Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) == expected)
    }

    @Test func aMergeLargerThanItsWriteBufferAnswersAsItsSources() async throws {
        var random = SeededRandom()
        let directory = try TestDirectory.make(prefix: "segment-large-merge")
        defer { TestDirectory.remove(directory) }
        let words = (0..<400).map { "w\($0)" }
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields)
        for batch in 0..<4 {
            _ = try await index.apply(
                (0..<10_000).map { number in
                    let body = (0..<40).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
                    let source = Array(#"{"title":"title \#(number % 7)","body":"\#(body)"}"#.utf8)
                    return .upsert(IndexDocument(id: "d\(batch)-\(number)", version: 1, fields: ["title \(number % 7)", body], source: source))
                }
            )
        }
        let queries = ["w1", "w2 w3", "\"w4 w5\"", "w1*", "title: 3", "NEAR(w6 w7, 2)", "^w8"]
        var before: [IndexResults] = []
        for query in queries { before.append(try await index.search(query, limit: 50)) }
        let ids = ["d0-0", "d1-5000", "d3-9999"]
        let sources = try ids.map { try #require(try index.get(id: $0)).source }
        try index.merge()
        index.close()
        var sizes: [Int] = []
        for shard in try Files.list(directory) where shard.hasPrefix("shard-") {
            for name in try Files.list("\(directory)/\(shard)") where name.hasSuffix(".seg") {
                var info = stat()
                #expect(stat("\(directory)/\(shard)/\(name)", &info) == 0)
                sizes.append(Int(info.st_size))
            }
        }
        // Each shard's postings and stored documents are over the buffer's size.
        #expect(sizes.count == 2 && sizes.allSatisfy { $0 > 4 * SegmentFileWriter.bufferBytes }, "\(sizes)")
        let reopened = try SegmentIndex.open(directory: directory, fields: Self.fields)
        defer { reopened.close() }
        for (query, expected) in zip(queries, before) {
            let found = try await reopened.search(query, limit: 50)
            #expect(found.total == expected.total, "\(query)")
            #expect(found.hits.map(\.id) == expected.hits.map(\.id), "\(query)")
        }
        for (id, source) in zip(ids, sources) { #expect(try reopened.get(id: id)?.source == source, "\(id)") }
    }

    @Test func nearAndFirstTokenQueriesFollowFTS5() async throws {
        let directory = try TestDirectory.make(prefix: "segment-near")
        defer { TestDirectory.remove(directory) }
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields)
        defer { index.close() }
        _ = try await index.apply([
            Self.document("abcde", 1, "x", "a b c d e"),
            Self.document("far", 1, "a", "a one two three four five six seven eight nine ten e"),
            Self.document("title-a", 1, "a b", "c"),
        ])
        let cases: [(String, Set<String>)] = [
            ("NEAR(a e, 3)", ["abcde"]),
            ("NEAR(a e, 2)", []),
            ("NEAR(e a, 3)", ["abcde"]),
            (#"NEAR("a b c d" "b c" e, 1)"#, ["abcde"]),
            (#"NEAR("a b c d" "b c" e, 0)"#, []),  // "b c" ends 2 tokens before e starts
            ("NEAR(a e)", ["abcde", "far"]),  // 10 tokens apart at most
            ("NEAR(a e, 10)", ["abcde", "far"]),
            ("NEAR(a e, 9223372036854775807)", ["abcde", "far"]),
            ("NEAR(\"a b\" c, 9223372036854775807)", ["abcde"]),
            ("NEAR(a \"b c\" e, 99999999999999999999999)", ["abcde"]),
            ("NEAR(a c, 0)", []),  // in title-a, a and c are in different fields
            ("title: NEAR(a b, 0)", ["title-a"]),
            ("NEAR(a b*, 0)", ["abcde", "title-a"]),
            ("^a", ["abcde", "far", "title-a"]),
            ("^b", []),
            ("title: ^a", ["far", "title-a"]),
            (#"^"a b""#, ["abcde", "title-a"]),
            ("^c", ["title-a"]),
        ]
        for (query, expected) in cases {
            #expect(Self.ids(try await index.search(query)) == expected, "\(query)")
        }
    }

    @Test(arguments: [
        "", "\"unterminated", "AND river", "river OR", "(river", "nosuch: river", "NEAR(a b, x)", "NEAR()", "NEAR(^a b)", "NEAR(a b", "river )",
    ])
    func malformedQueriesAreRejected(query: String) async throws {
        let directory = try TestDirectory.make(prefix: "segment-queries")
        defer { TestDirectory.remove(directory) }
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields)
        defer { index.close() }
        let error = try await #require(throws: IndexError.self) { try await index.search(query) }
        #expect(error.code == .invalidQuery)
    }

    @Test func aSearchPastItsTimeoutIsStopped() async throws {
        let directory = try TestDirectory.make(prefix: "segment-timeout")
        defer { TestDirectory.remove(directory) }
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields)
        defer { index.close() }
        _ = try await index.apply((0..<30).map { Self.document("d\($0)", 1, "river", "x") })
        // A nanosecond is over before the first segment is read.
        let error = try await #require(throws: IndexError.self) { try await index.search("river", timeout: .nanoseconds(1)) }
        #expect(error.code == .timedOut)
        #expect(try await index.search("river").total == 30)
    }

    @Test func pagesAreCutFromTheRanking() async throws {
        let directory = try TestDirectory.make(prefix: "segment-pages")
        defer { TestDirectory.remove(directory) }
        let index = try SegmentIndex.open(directory: directory, fields: Self.fields)
        defer { index.close() }
        _ = try await index.apply((0..<30).map { Self.document("d\($0)", 1, String(repeating: "river ", count: $0 % 5 + 1), "x") })
        let all = try await index.search("river", limit: 30)
        #expect(all.total == 30)
        #expect(zip(all.hits, all.hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        let page = try await index.search("river", limit: 10, offset: 10)
        #expect(page.hits.map(\.id) == all.hits[10..<20].map(\.id))
        #expect(try await index.search("river", limit: 0).hits.isEmpty)
        await #expect(throws: IndexError.self) { try await index.search("river", limit: 1001) }
        await #expect(throws: IndexError.self) { try await index.search("river", offset: 10_001) }
    }
}
