import SluiceIndex
import SluiceRuntime
import SluiceSQLite
import Testing

@testable import SluiceSearchIndexConnector

/// `index_synchronous` chooses how hard the embedded index syncs each write, for either engine.
@Suite struct IndexSynchronousTests {
    static let pipelines = """
        pipelines:
          - {name: docs, source: {type: http}, record: {id_field: id}, sink: {type: search_index, index: docs, fields: [title]}}
        """

    static func settings(_ top: String) throws -> SearchIndexSettings {
        try SluiceConfig.parse(top + "\n" + pipelines).section(SearchIndexSettings.self)
    }

    @Test func writesAreSyncedFullyUnlessTheConfigurationSaysNormal() throws {
        let defaults = try Self.settings("")
        #expect(defaults.synchronous == .full)
        #expect(defaults.fts5Configuration.synchronous == .full)
        #expect(defaults.segmentConfiguration.synchronous == .full)
        let normal = try Self.settings("index_synchronous: normal\nindex_shards: 3")
        #expect(normal.fts5Configuration.synchronous == .normal)
        #expect(normal.segmentConfiguration.synchronous == .normal)
        #expect(normal.fts5Configuration.shards == 3 && normal.segmentConfiguration.shards == 3)
        #expect(try Self.settings("index_synchronous: full").segmentConfiguration.synchronous == .full)
    }

    @Test func anUnknownModeNamesTheFieldAndItsPlace() {
        #expect {
            try SluiceConfig.parse("index_synchronous: sometimes\n" + Self.pipelines, file: "sync.yaml")
        } throws: { error in
            (error as? ConfigError)?.description.contains("sync.yaml:1:20: index_synchronous: expected one of full, normal, got \"sometimes\"")
                == true
        }
    }
}
