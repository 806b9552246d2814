import Foundation
import FuzzSupport
import SluiceIndex

/// The segment engine's query path: any text is parsed (terms, AND/OR/NOT, phrases, prefixes, fields, `NEAR(…, N)`,
/// `^`) and run over two shards. It answers with a page no larger than asked, or is refused as an invalid query (or
/// one past its time limit); nothing else, never a crash, and the next query still works.
@main enum FuzzSegmentQuery {
    static func main() {
        // Opened before the first input, so its threads (which live as long as the process) are not taken for memory
        // that input leaked.
        _ = index
        runFuzzer { data, count in
            FuzzSegmentQuery.test(fuzzInput(data, count))
            return 0
        }
    }

    /// Two shards of a few documents, in a directory under `TMPDIR` that the run leaves behind.
    static let index: SegmentIndex = blocking {
        let directory = NSTemporaryDirectory() + "/sluice-fuzz-segment-query-\(UUID().uuidString)"
        var configuration = SegmentIndex.Configuration()
        configuration.shards = 2
        let fields = [IndexField("title", weight: 2), IndexField("body"), IndexField("meta.region")]
        let index = try! SegmentIndex.open(directory: directory, fields: fields, configuration: configuration)
        let documents: [(String, String, String)] = [
            ("apache http server", "the web server near the river", "eu-north-1"), ("nginx", "a reverse proxy, fast", "us-east-2"),
            ("river lake", "water near the river and the lake", "eu-west-1"), ("Zürich café", "crème brûlée", "ap-south-1"),
        ]
        let changes = documents.enumerated().map { number, document in
            IndexChange.upsert(
                IndexDocument(id: "\(number)", version: 1, fields: [document.0, document.1, document.2], source: Array("{}".utf8))
            )
        }
        _ = try! await index.apply(changes)
        return index
    }

    static func test(_ input: UnsafeBufferPointer<UInt8>) {
        let query = String(decoding: input, as: UTF8.self)
        requireSearchAnswer(query, limit: 3, isExpected: isExpected) {
            let results = try await index.search(query, limit: 3, timeout: .seconds(5))
            return (results.hits.count, results.total)
        }
    }

    /// An invalid query, or one past its time limit.
    static func isExpected(_ error: any Error) -> Bool {
        (error as? IndexError).map { [.invalidQuery, .timedOut].contains($0.code) } ?? false
    }
}
