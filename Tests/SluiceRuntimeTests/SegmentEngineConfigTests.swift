import Foundation
import NATSTestSupport
import SluiceRuntime
import SluiceSearchIndexConnector
import Testing

/// Choosing the segment engine in a configuration, and an FTS5 index it will not silently leave behind.
@Suite struct SegmentEngineConfigTests {
    static func config(_ directory: String, top: String = "", sink: String = "") throws -> SluiceConfig {
        try SluiceConfig.parse(
            """
            transport: sqlite
            data_dir: \(directory)/state
            \(top)
            pipelines:
              - name: docs
                source: {type: files, paths: "\(directory)/in/*.ndjson", progress: false}
                record: {id_field: id}
                sink: {type: search_index, index: docs, fields: [title]\(sink)}
            """,
            file: "test.yaml"
        )
    }

    @Test func theEngineComesFromIndexEngineOrTheSinks() throws {
        let directory = try TestDirectory.make(prefix: "engine-config")
        defer { TestDirectory.remove(directory) }
        let settings = { (config: SluiceConfig) in config.section(SearchIndexSettings.self) }
        let plain = try Self.config(directory)
        #expect(try settings(plain).engine(for: plain) == .fts5)
        let top = try Self.config(directory, top: "index_engine: segment")
        #expect(try settings(top).engine(for: top) == .segment)
        #expect(settings(top).resolvedPath(dataDirectory: "/d", engine: .segment) == "/d/index")
        let sink = try Self.config(directory, sink: ", engine: segment")
        #expect(try settings(sink).engine(for: sink) == .segment)
        let conflict = try Self.config(directory, top: "index_engine: fts5", sink: ", engine: segment")
        #expect(throws: OperationsError.self) { try settings(conflict).engine(for: conflict) }
        #expect(throws: (any Error).self) { try Self.config(directory, top: "index_engine: lucene") }
        #expect(throws: (any Error).self) { try Self.config(directory, sink: ", engine: tantivy") }
    }

    @Test func anFTS5IndexIsRefusedWithHowToRebuild() async throws {
        let directory = try TestDirectory.make(prefix: "engine-fts5-era")
        defer { TestDirectory.remove(directory) }
        try Corpus.write([#"{"id":"1","title":"river"}"#], to: directory)
        // An FTS5-era run leaves its index file in the data directory.
        let first = try await RuntimeHarness(config: try Self.config(directory))
        try await first.waitUntil("indexed") { try await first.indexed("docs") == 1 }
        try await first.drain()
        await #expect {
            _ = try await RuntimeHarness(config: try Self.config(directory, top: "index_engine: segment"))
        } throws: { error in
            "\(error)".contains("index.sqlite") && "\(error)".contains("index_engine: fts5") && "\(error)".contains("replay")
        }
        // Pointed at a new directory, with the state of the first run moved away (its checkpoints, and its queue, which
        // would drop the replayed batches as duplicates), the segment engine indexes the sources again.
        try FileManager.default.moveItem(atPath: "\(directory)/state", toPath: "\(directory)/fts5-era")
        let rebuilt = try await RuntimeHarness(
            config: try Self.config(directory, top: "index_engine: segment\nindex_path: \(directory)/segments")
        )
        try await rebuilt.waitUntil("indexed again") { try await rebuilt.indexed("docs") == 1 }
        let hits = try await rebuilt.runtime.search(SearchQuery(index: "docs", query: "river"))
        #expect(hits.total == 1)
        try await rebuilt.drain()
    }
}
