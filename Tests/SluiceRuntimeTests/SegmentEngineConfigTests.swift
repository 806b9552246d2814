import Foundation
import NATSTestSupport
import SluiceRuntime
import SluiceSearchIndexConnector
import Testing

/// Choosing the engine in a configuration, and an FTS5 index the segment engine rebuilds or refuses.
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

    static func twoPipelines(_ directory: String, fields: String, otherFields: String) throws -> SluiceConfig {
        try SluiceConfig.parse(
            """
            transport: sqlite
            data_dir: \(directory)/state
            pipelines:
              - name: first
                source: {type: files, paths: "\(directory)/in/*.ndjson", progress: false}
                record: {id_field: id}
                sink: {type: search_index, index: docs, fields: \(fields)}
              - name: second
                source: {type: files, paths: "\(directory)/other/*.ndjson", progress: false}
                record: {id_field: id}
                sink: {type: search_index, index: docs, fields: \(otherFields)}
            """,
            file: "test.yaml"
        )
    }

    @Test func sinksOfOneIndexMustAgreeOnItsFields() async throws {
        let directory = try TestDirectory.make(prefix: "engine-index-fields")
        defer { TestDirectory.remove(directory) }
        try SearchIndexSettings.checkIndexDefinitions(of: try Self.twoPipelines(directory, fields: "[title]", otherFields: "[title]"))
        for other in ["[title, body]", "[{path: title, weight: 2}]"] {
            #expect {
                try SearchIndexSettings.checkIndexDefinitions(of: try Self.twoPipelines(directory, fields: "[title]", otherFields: other))
            } throws: { error in
                "\(error)".contains("first and second write search index 'docs' with different fields")
            }
        }
        await #expect {
            _ = try await RuntimeHarness(config: try Self.twoPipelines(directory, fields: "[title]", otherFields: "[body]"))
        } throws: { error in
            "\(error)".contains("different fields")
        }
    }

    @Test func theEngineComesFromIndexEngineOrTheSinks() throws {
        let directory = try TestDirectory.make(prefix: "engine-config")
        defer { TestDirectory.remove(directory) }
        let settings = { (config: SluiceConfig) in config.section(SearchIndexSettings.self) }
        let plain = try Self.config(directory)
        #expect(try settings(plain).engine(for: plain) == .segment)
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

    @Test func anFTS5IndexAtTheDefaultPlaceIsRebuiltBySegmentEngine() async throws {
        let directory = try TestDirectory.make(prefix: "engine-fts5-era")
        defer { TestDirectory.remove(directory) }
        try Corpus.write([#"{"id":"1","title":"river"}"#, #"{"id":"2","title":"lake"}"#], to: directory)
        // An FTS5-era run leaves its index file in the data directory.
        let first = try await RuntimeHarness(config: try Self.config(directory, top: "index_engine: fts5"))
        try await first.waitUntil("indexed") { try await first.indexed("docs") == 2 }
        try await first.drain()
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/state/index"))

        // The same configuration without the engine now runs on the segment engine, with the documents the FTS5
        // index stored; the sources are not read again.
        let rebuilt = try await RuntimeHarness(config: try Self.config(directory))
        #expect(FileManager.default.fileExists(atPath: "\(directory)/state/index/docs"))
        #expect(try await rebuilt.indexed("docs") == 2)
        let hits = try await rebuilt.runtime.search(SearchQuery(index: "docs", query: "river"))
        #expect(hits.hits.map(\.id) == ["1"])
        try await rebuilt.drain()

        // The next run writes new records into the rebuilt index.
        try Corpus.write([#"{"id":"3","title":"river"}"#], to: directory, name: "part-2.ndjson")
        let next = try await RuntimeHarness(config: try Self.config(directory))
        try await next.waitUntil("the new record indexed") { try await next.indexed("docs") == 3 }
        #expect(try await next.runtime.search(SearchQuery(index: "docs", query: "river")).total == 2)
        try await next.drain()
    }

    @Test func anFTS5FileNamedByIndexPathKeepsItsEngineUnlessSegmentIsAskedFor() async throws {
        let directory = try TestDirectory.make(prefix: "engine-fts5-path")
        defer { TestDirectory.remove(directory) }
        try Corpus.write([#"{"id":"1","title":"river"}"#], to: directory)
        let path = "index_path: \(directory)/search.sqlite"
        let first = try await RuntimeHarness(config: try Self.config(directory, top: "index_engine: fts5\n\(path)"))
        try await first.waitUntil("indexed") { try await first.indexed("docs") == 1 }
        try await first.drain()

        let unnamed = try Self.config(directory, top: path)
        #expect(try unnamed.section(SearchIndexSettings.self).engine(for: unnamed) == .fts5)
        await #expect {
            _ = try await RuntimeHarness(config: try Self.config(directory, top: "index_engine: segment\n\(path)"))
        } throws: { error in
            "\(error)".contains("search.sqlite") && "\(error)".contains("index_engine: fts5") && "\(error)".contains("replay")
        }
    }
}
