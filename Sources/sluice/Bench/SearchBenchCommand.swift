import ArgumentParser
import Foundation
import SluiceCore
import SluiceIndex
import SluiceSQLite
import SluiceSearchIndexConnector

/// `sluice bench search`: query latency of the embedded search index on a large index.
struct SearchBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Measure search latency: a fixed mix of term, two-term, phrase and prefix queries on a large index.",
        discussion: """
            Indexes --documents synthetic records (those of `sluice bench pipeline`) with --engine, then runs --queries \
            queries one after another, cycling through the mix: a term (`glacier`), two terms (`river valley`), a phrase \
            (`"near the canal"`) and a prefix (`harb*`), each over the words of the corpus, 10 hits a page. Reports \
            queries_per_sec and the latency percentiles p50_us and p99_us, and the same two for each kind of query \
            (kinds: term, terms, phrase, prefix); building the index is not timed.
            """
    )

    @Option(help: "Documents in the index.")
    var documents: Int = 1_000_000

    @Option(help: "Queries to run.")
    var queries: Int = 2000

    @Option(help: "Files or writers the index is spread over (the config's index_shards).")
    var shards: Int = 2

    @Option(help: "The engine, fts5 or segment (the config's index_engine).")
    var engine: SearchIndexEngine = .segment

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard documents > 0, queries > 0 else { throw ValidationError("--documents and --queries must be positive") }
        guard (1...SearchIndex.maximumShards).contains(shards) else {
            throw ValidationError("--shards must be between 1 and \(SearchIndex.maximumShards)")
        }
    }

    /// The kinds of query in the mix, in the order they cycle.
    static let kinds = ["term", "terms", "phrase", "prefix"]

    /// The query mix: query `number` of the run, of kind `kinds[number % 4]`.
    static func query(_ number: Int) -> String {
        let words = BenchRecords.words
        let word = words[number / 4 % words.count]
        switch number % 4 {
        case 0: return word
        case 1: return "\(word) \(words[(number / 4 * 7 + 3) % words.count])"
        case 2: return "\"near the \(word)\""
        default: return "\(word.prefix(4))*"
        }
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-search-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (search, close) = try await open(in: directory)
        var latencies: [Double] = []
        latencies.reserveCapacity(queries)
        var latenciesByKind = [[Double]](repeating: [], count: Self.kinds.count)
        let start = ContinuousClock.now
        do {
            for number in 0..<queries {
                let began = ContinuousClock.now
                _ = try await search(Self.query(number))
                let latency = (ContinuousClock.now - began).seconds * 1e6
                latencies.append(latency)
                latenciesByKind[number % Self.kinds.count].append(latency)
            }
        } catch {
            await close()
            throw error
        }
        let elapsed = ContinuousClock.now - start
        await close()
        let overall = SearchBenchResult.Percentiles(latencies)
        var kinds: [String: SearchBenchResult.Percentiles] = [:]
        for (kind, measured) in zip(Self.kinds, latenciesByKind) where !measured.isEmpty { kinds[kind] = .init(measured) }
        let result = SearchBenchResult(
            engine: engine.rawValue,
            documents: documents,
            queries: queries,
            queriesPerSecond: Double(queries) / elapsed.seconds,
            p50Microseconds: overall.p50Microseconds,
            p99Microseconds: overall.p99Microseconds,
            kinds: kinds
        )
        print(json ? result.json : result.text)
    }

    /// Builds the index and returns how to run one query on it (the total and the first page), and how to close it.
    private func open(in directory: String) async throws -> (search: @Sendable (String) async throws -> Int, close: () async -> Void) {
        let fields = ["title", "body", "tags"]
        switch engine {
        case .fts5:
            var configuration = SearchIndex.Configuration()
            configuration.logger.logLevel = .error
            configuration.shards = shards
            configuration.queryBudget = .seconds(60)
            let index = try await SearchIndex.open(path: "\(directory)/index.sqlite", configuration: configuration)
            do {
                try await index.ensureIndex(SearchIndexDefinition(name: "bench", fields: fields.map { SearchField($0) }))
                for start in stride(from: 0, to: documents, by: 10_000) {
                    _ = try await index.apply(try BenchRecords.envelopes(start..<min(start + 10_000, documents)), to: "bench")
                }
                try await index.optimize(index: "bench")
            } catch {
                try? await index.close()
                throw error
            }
            return ({ query in try await index.search(index: "bench", query: query, limit: 10).total }, { try? await index.close() })
        case .segment:
            var configuration = SegmentIndex.Configuration()
            configuration.shards = shards
            let index = try SegmentIndex.open(directory: "\(directory)/index", fields: fields.map { IndexField($0) }, configuration: configuration)
            do {
                for start in stride(from: 0, to: documents, by: 10_000) {
                    try await index.writeBenchRecords(try BenchRecords.envelopes(start..<min(start + 10_000, documents)), fields: fields)
                }
                try index.merge()
            } catch {
                index.close()
                throw error
            }
            return ({ query in try await index.search(query, limit: 10).total }, { index.close() })
        }
    }
}

/// What `sluice bench search` measured.
struct SearchBenchResult: BenchJSONResult {
    var engine: String
    var documents: Int
    var queries: Int
    var queriesPerSecond: Double
    var p50Microseconds: Double
    var p99Microseconds: Double
    /// The percentiles of each kind of query in the mix.
    var kinds: [String: Percentiles]

    /// The median and 99th percentile of a set of latencies.
    struct Percentiles: Encodable {
        var p50Microseconds: Double
        var p99Microseconds: Double

        init(_ latencies: [Double]) {
            p50Microseconds = OutboxBenchCommand.percentile(latencies, 0.50)
            p99Microseconds = OutboxBenchCommand.percentile(latencies, 0.99)
        }

        enum CodingKeys: String, CodingKey {
            case p50Microseconds = "p50_us"
            case p99Microseconds = "p99_us"
        }
    }

    enum CodingKeys: String, CodingKey {
        case engine, documents, queries, kinds
        case queriesPerSecond = "queries_per_sec"
        case p50Microseconds = "p50_us"
        case p99Microseconds = "p99_us"
    }

    var text: String {
        let byKind = SearchBenchCommand.kinds.compactMap { kind in
            kinds[kind].map { "\(kind) \(Int($0.p50Microseconds))/\(Int($0.p99Microseconds))" }
        }
        return "sluice bench search: \(engine), \(documents) documents, \(queries) queries: \(Int(queriesPerSecond)) queries/s, "
            + "p50 \(Int(p50Microseconds)) µs, p99 \(Int(p99Microseconds)) µs (p50/p99 µs: \(byKind.joined(separator: ", ")))"
    }
}
