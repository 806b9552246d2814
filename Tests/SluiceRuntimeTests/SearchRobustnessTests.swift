import Foundation
import NATSTestSupport
import SluiceRuntime
import SluiceSearchIndexConnector
import Testing

/// A package list indexed by `sluice run` into the default two shards of each engine, then searched the way a new user tries it:
/// no query may break the searches after it.
@Suite struct RuntimeSearchRobustnessTests {
    static let words = ["scalable", "proxy", "window", "manager", "library", "python", "daemon", "cache", "fast", "module"]

    /// `count` packages, each with all of ``words`` in its description; every tenth has "apache http server" in its
    /// title, every seventh "foo-bar" and "x-window" in its description.
    static func packages(_ count: Int) -> [String] {
        (0..<count).map { number in
            let title = number % 10 == 0 ? "apache http server \(number)" : "\(words[number % words.count]) tool \(number)"
            var description = (0..<12).map { words[($0 * 7 + number) % words.count] }.joined(separator: " ")
            if number % 7 == 0 { description += " foo-bar x-window" }
            return #"{"id":"pkg-\#(number)","title":"\#(title)","description":"\#(description)","section":"net"}"#
        }
    }

    @Test(arguments: SearchIndexEngine.allCases)
    func theSearchesOfANewUserAllAnswer(engine: SearchIndexEngine) async throws {
        let directory = try TestDirectory.make(prefix: "runtime-search")
        defer { TestDirectory.remove(directory) }
        try Corpus.write(Self.packages(2000), to: directory)
        let config = try SluiceConfig.parse(
            """
            transport: sqlite
            data_dir: \(directory)/state
            search_timeout: 60s
            index_engine: \(engine.rawValue)
            pipelines:
              - name: packages
                source: {type: files, paths: "\(directory)/in/*.ndjson", progress: false}
                record: {id_field: id}
                sink: {type: search_index, index: packages, fields: [title, description, section]}
            """,
            file: "test.yaml"
        )
        #expect(config.section(SearchIndexSettings.self).shards == 2)
        #expect(config.section(SearchIndexSettings.self).searchTimeout == .seconds(60))
        let harness = try await RuntimeHarness(config: config)
        try await harness.waitUntil("2000 packages indexed") { try await harness.indexed("packages") == 2000 }

        func search(_ query: String, offset: Int = 0) async throws(OperationsError) -> SearchResponse {
            try await harness.runtime.search(SearchQuery(index: "packages", query: query, limit: 3, offset: offset))
        }
        for _ in 0..<2 {
            #expect(try await search("apache").total == 200)
            #expect(try await search("zzzz").total == 0)
            #expect(try await search("foo-bar").total == 286)
            #expect(try await search("apache").hits.count == 3)
            #expect(try await search("apache http server").total == 200)
            #expect(try await search("scalable proxy").total == 2000)
            #expect(try await search("x-window").total == 286)
            for (query, offset) in [("\"unbalanced", 0), ("AND", 0), ("nosuchfield: x", 0), ("(apache", 0), ("apache", Int.max)] {
                await #expect("\(query) at \(offset)") {
                    _ = try await search(query, offset: offset)
                } throws: { ($0 as? OperationsError)?.code == .badRequest }
            }
        }
        try await harness.drain()
    }
}
