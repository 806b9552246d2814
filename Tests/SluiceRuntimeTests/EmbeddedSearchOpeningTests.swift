import Foundation
import NATSTestSupport
import SluiceRuntime
import Testing

/// The embedded search index opens with the first pipeline that writes to it, or else with the first search: a
/// runtime whose pipelines do not index creates no index files until someone searches.
@Suite struct EmbeddedSearchOpeningTests {
    static func config(_ directory: String, indexing: Bool) throws -> SluiceConfig {
        let sink = indexing ? "{type: search_index, index: docs, fields: [title]}" : #"{type: publish, subject: "out.docs"}"#
        return try SluiceConfig.parse(
            """
            transport: sqlite
            data_dir: \(directory)/state
            pipelines:
              - name: docs
                source: {type: files, paths: "\(directory)/in/*.ndjson", progress: false}
                record: {id_field: id}
                sink: \(sink)
            """,
            file: "test.yaml"
        )
    }

    @Test func aRuntimeThatDoesNotIndexOpensTheIndexOnlyWhenSearched() async throws {
        let directory = try TestDirectory.make(prefix: "search-opening")
        defer { TestDirectory.remove(directory) }
        try Corpus.write([#"{"id":"1","title":"river"}"#], to: directory)
        let indexFile = "\(directory)/state/index"

        let publishing = try await RuntimeHarness(config: try Self.config(directory, indexing: false))
        #expect(!FileManager.default.fileExists(atPath: indexFile), "no pipeline writes to the index")
        try await publishing.drain()
        #expect(!FileManager.default.fileExists(atPath: indexFile))

        // The first run read the first file to its end; the indexing run reads the second.
        try Corpus.write([#"{"id":"1","title":"river"}"#], to: directory, name: "part-2.ndjson")
        let indexing = try await RuntimeHarness(config: try Self.config(directory, indexing: true))
        #expect(FileManager.default.fileExists(atPath: indexFile), "the indexing pipeline opens it as it starts")
        try await indexing.waitUntil("indexed") { try await indexing.indexed("docs") == 1 }
        try await indexing.drain()

        // A later run that only publishes still answers searches from what the earlier run indexed.
        let searching = try await RuntimeHarness(config: try Self.config(directory, indexing: false))
        let hits = try await searching.runtime.search(SearchQuery(index: "docs", query: "river"))
        #expect(hits.total == 1)
        try await searching.drain()
        await #expect(throws: OperationsError.self) {
            _ = try await searching.runtime.search(SearchQuery(index: "docs", query: "river"))
        }
    }
}
