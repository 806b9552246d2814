import PropertyBased
import SluiceCore
import Testing

@testable import SluiceSQLite

/// Searching is the read path users hit most: no query, however malformed, slow or abandoned, may break the ones
/// after it.
@Suite(.timeLimit(.minutes(2))) struct SearchRobustnessTests {
    static let packages = SearchIndexDefinition(name: "packages", fields: ["title", "description", "section"])
    static let corpusSize = 3000

    /// The package corpus in an index of `shards` files.
    func withPackages<T>(shards: Int = 2, _ body: (SearchIndex) async throws -> T) async throws -> T {
        try await withSearchIndex([Self.packages], shards: shards) { index, _ in
            for batch in PackageCorpus.records(Self.corpusSize).chunks(of: 500) {
                _ = try await index.apply(Array(batch), to: "packages")
            }
            return try await body(index)
        }
    }

    /// "apache http server" answers with every package whose title says so.
    func expectKnownQueryAnswers(_ index: SearchIndex, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let results = try await index.search(index: "packages", query: "apache http server", limit: 3)
        #expect(results.total >= PackageCorpus.apacheTitles(in: Self.corpusSize), sourceLocation: sourceLocation)
        #expect(results.hits.count == 3, sourceLocation: sourceLocation)
    }

    @Test func aRejectedQueryDoesNotBreakTheSearchesAfterIt() async throws {
        try await withPackages { index in
            #expect(try await index.search(index: "packages", query: "apache", limit: 3).hits.count == 3)
            #expect(try await index.search(index: "packages", query: "zzzz", limit: 3).total == 0)
            // FTS5 first reads `foo-bar` as a column filter and fails in every shard; the retry as a phrase answers.
            #expect(try await index.search(index: "packages", query: "foo-bar", limit: 3).total > 0)
            for query in ["apache http server", "scalable proxy", "x-window", "\"unbalanced", "AND", "title:", "nosuchfield: x", "(a"] {
                do {
                    _ = try await index.search(index: "packages", query: query, limit: 3)
                } catch let error as SluiceSQLiteError {
                    #expect(error.code == .invalidQuery, "\(query): \(error)")
                }
                try await expectKnownQueryAnswers(index)
            }
        }
    }

    @Test func aTransactionCancelledInsideLeavesTheConnectionReady() async throws {
        try await withTemporaryDirectory { directory in
            let file = try await SQLiteDatabaseFile.open(path: directory + "/file.sqlite", logger: .init(label: "test"), readers: 1)
            do {
                for _ in 0..<3 { try await cancelTransactionsThenUse(file) }
                try await file.close()
            } catch {
                try? await file.close()
                throw error
            }
        }
    }

    /// Cancels a read and a write inside their transactions, then reads and writes on the same connections.
    private func cancelTransactionsThenUse(_ file: SQLiteDatabaseFile) async throws {
        try await cancelInsideTransaction { started in
            try await file.read { connection in
                _ = try await connection.query("SELECT 1")
                started()
                try await Task.sleep(for: .seconds(600))
            }
        }
        try await cancelInsideTransaction { started in
            try await file.write { connection in
                _ = try await connection.query("CREATE TABLE IF NOT EXISTS t (x)")
                started()
                try await Task.sleep(for: .seconds(600))
            }
        }
        let rows = try await file.read { connection in try await connection.query("SELECT 1 AS one") }
        #expect(try rows.first?.int64("one") == 1)
        try await file.write { connection in _ = try await connection.query("CREATE TABLE IF NOT EXISTS t (x)") }
    }

    /// Runs `body` in a task, cancels it once `body` says it is inside its transaction, and expects it to end in error.
    private func cancelInsideTransaction(_ body: @escaping @Sendable (@escaping @Sendable () -> Void) async throws -> Void) async throws {
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let task = Task { try await body { signal.yield() } }
        for await _ in started { break }
        task.cancel()
        await #expect(throws: (any Error).self) { try await task.value }
    }

    @Test func aQueryPastItsBudgetStopsAndTheNextOneAnswers() async throws {
        try await withPackages(shards: 3) { index in
            for _ in 0..<3 {
                // A budget that has run out before the first row is visited stops every query that visits one.
                await #expect {
                    _ = try await index.search(index: "packages", query: "apache OR server", budget: .nanoseconds(1))
                } throws: { ($0 as? SluiceSQLiteError)?.code == .timedOut }
                try await expectKnownQueryAnswers(index)
            }
        }
    }

    @Test func aReadHeldOpenDoesNotHoldUpSearches() async throws {
        try await withPackages { index in
            // One reading connection of every shard is held, as a long query would.
            try await whileEveryShardHolds(
                index,
                { file, held, release in
                    try await file.read { _ in
                        held()
                        await release()
                    }
                },
                { try await expectKnownQueryAnswers(index) }
            )
        }
    }

    @Test func searchesDoNotWaitForAnOpenWriteTransaction() async throws {
        try await withPackages { index in
            let documents = try index.entry("packages").schema.documents
            await #expect(throws: SluiceSQLiteError.self) {
                try await whileEveryShardHolds(
                    index,
                    { file, held, release in
                        try await file.write { connection -> Void in
                            _ = try await connection.query("DELETE FROM \(documents)")
                            held()
                            await release()
                            throw CancellationError()  // roll the delete back
                        }
                    },
                    // The uncommitted deletes are not seen, and the search does not wait for them.
                    { try await expectKnownQueryAnswers(index) }
                )
            }
            #expect(try await index.count(index: "packages") == Self.corpusSize)
        }
    }

    @Test func offsetsAndLimitsOutOfRangeAreRejectedWithTheirCaps() async throws {
        try await withPackages(shards: 3) { index in
            for (limit, offset) in [
                (10, SearchIndex.maximumOffset + 1), (10, Int.max), (Int.max, Int.max), (SearchIndex.maximumPageSize + 1, 0), (1, -1),
            ] {
                await #expect {
                    _ = try await index.search(index: "packages", query: "apache", limit: limit, offset: offset)
                } throws: { error in
                    guard let error = error as? SluiceSQLiteError, error.code == .invalidArgument else { return false }
                    return error.message.contains("\(SearchIndex.maximumOffset)") || error.message.contains("\(SearchIndex.maximumPageSize)")
                }
            }
            let deepest = try await index.search(
                index: "packages",
                query: "apache",
                limit: SearchIndex.maximumPageSize,
                offset: SearchIndex.maximumOffset
            )
            #expect(deepest.hits.isEmpty)
            #expect(deepest.total > 0)
        }
    }

    @Test func deepPagesOverShardsCoverEveryHitOnce() async throws {
        try await withPackages(shards: 3) { index in
            let total = try await index.search(index: "packages", query: "server", limit: 0).total
            var ids: [String] = []
            var scores: [Double] = []
            for offset in stride(from: 0, to: total, by: 97) {
                let page = try await index.search(index: "packages", query: "server", limit: 97, offset: offset)
                #expect(page.total == total)
                ids += page.hits.map(\.id)
                scores += page.hits.map(\.score)
            }
            #expect(ids.count == total)
            #expect(Set(ids).count == total)
            #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })
        }
    }

    /// Queries built from the corpus's words, operators, quotes, wildcards, field filters, unicode and nothing, at
    /// random offsets and limits: each answers or is rejected as the caller's mistake, and never breaks the next.
    @Test func randomQueriesAnswerOrAreRejectedAndNeverBreakTheNext() async throws {
        let pieces =
            PackageCorpus.words + PackageCorpus.hyphenated + PackageCorpus.sections
            + ["AND", "OR", "NOT", "NEAR", "NEAR(", "\"", "*", ":", "(", ")", "-", "^", "+", ",", "title:", "section:", "{title}"]
            + ["", " ", "é", "\u{0}", "🙂", "ｗｅｂ", "zzzz", "x-", "-x", "a*b", "\"apache http\"", "NEAR(apache server, 2)"]
        let token = Gen.element(of: pieces).compactMap { $0 }
        let separator = Gen.element(of: [" ", "", "  ", "\t"]).compactMap { $0 }
        try await withPackages(shards: 3) { index in
            await propertyCheck(
                count: 300,
                input: token.array(of: 0...6),
                separator,
                Gen.int(in: -2...(SearchIndex.maximumOffset + 2)),
                Gen.int(in: -1...(SearchIndex.maximumPageSize + 1))
            ) { tokens, separator, offset, limit in
                let query = tokens.joined(separator: separator)
                do {
                    let results = try await index.search(index: "packages", query: query, limit: limit, offset: offset)
                    #expect(results.hits.count <= limit)
                    #expect(results.total >= results.hits.count)
                } catch let error as SluiceSQLiteError {
                    #expect([.invalidQuery, .invalidArgument].contains(error.code), "\(query.debugDescription): \(error)")
                    #expect(!error.message.isEmpty)
                }
                try await expectKnownQueryAnswers(index)
            }
        }
    }
}

/// Runs `hold` on every shard's file side by side and, once each has called `held()`, runs `body`; each holds its
/// transaction until it returns from `release()`, which it does once `body` is done, whether or not `body` threw.
/// Rethrows what `body` threw, else what a `hold` threw.
func whileEveryShardHolds(
    _ index: SearchIndex,
    _ hold:
        @escaping @Sendable (SQLiteDatabaseFile, _ held: @escaping @Sendable () -> Void, _ release: @escaping @Sendable () async -> Void)
        async throws -> Void,
    _ body: () async throws -> Void
) async throws {
    let (held, heldSignal) = AsyncStream.makeStream(of: Void.self)
    let releases = index.shards.files.map { _ in AsyncStream.makeStream(of: Void.self) }
    let holders = Task {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (file, release) in zip(index.shards.files, releases) {
                group.addTask {
                    defer { heldSignal.yield() }  // a hold that failed before it held counts too, so nothing waits for it
                    try await hold(file, { heldSignal.yield() }, { for await _ in release.stream {} })
                }
            }
            try await group.waitForAll()
        }
    }
    var count = 0
    for await _ in held {
        count += 1
        if count == index.shardCount { break }
    }
    var failure: (any Error)?
    do { try await body() } catch { failure = error }
    for release in releases { release.continuation.finish() }
    let holding = await holders.result
    if let failure { throw failure }
    try holding.get()
}
