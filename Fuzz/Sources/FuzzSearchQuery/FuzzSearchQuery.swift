import Foundation
import FuzzSupport
import SluiceCore
import SluiceSQLite

/// The embedded search index's query path: a user's query goes to FTS5 `MATCH`, retried with hyphenated words quoted
/// when FTS5 reads one as a column. Any text answers with a page no larger than asked, or is refused as an invalid
/// query (or one past its time budget); nothing else, and the next query still works.
@main enum FuzzSearchQuery {
    static func main() {
        // Opened before the first input, so its thread pools (which live as long as the process) are not taken for
        // memory that input leaked.
        _ = index
        runFuzzer { data, count in
            FuzzSearchQuery.test(fuzzInput(data, count))
            return 0
        }
    }

    /// Two shards of a few documents, in a directory under `TMPDIR` that the run leaves behind.
    static let index: SearchIndex = blocking {
        let directory = NSTemporaryDirectory() + "/sluice-fuzz-search-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = SearchIndex.Configuration()
        configuration.shards = 2
        let index = try! await SearchIndex.open(path: directory + "/search.sqlite", configuration: configuration)
        try! await index.ensureIndex(SearchIndexDefinition(name: "docs", fields: [SearchField("title", weight: 2), "body", "meta.region"]))
        let documents: [(String, String, String)] = [
            ("apache http server", "the web server", "eu-north-1"), ("nginx", "a reverse proxy, fast", "us-east-2"),
            ("river lake", "water near the river", "eu-west-1"), ("Zürich café", "crème brûlée", "ap-south-1"),
        ]
        let envelopes = documents.enumerated().map { number, document in
            Envelope(
                producer: "fuzz",
                resourceType: "docs",
                resourceID: "\(number)",
                eventType: "created",
                version: 1,
                payload: ["title": .string(document.0), "body": .string(document.1), "meta": ["region": .string(document.2)]]
            )
        }
        _ = try! await index.apply(envelopes, to: "docs")
        return index
    }

    static func test(_ input: UnsafeBufferPointer<UInt8>) {
        let query = String(decoding: input, as: UTF8.self)
        requireSearchAnswer(query, limit: 3, isExpected: isExpected) {
            let results = try await index.search(index: "docs", query: query, limit: 3, budget: .seconds(5))
            return (results.hits.count, results.total)
        }
    }

    /// An invalid query, or one past its time limit.
    static func isExpected(_ error: any Error) -> Bool {
        (error as? SluiceSQLiteError).map { [.invalidQuery, .timedOut].contains($0.code) } ?? false
    }
}
