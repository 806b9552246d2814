import SluiceCore
import SluiceRuntime
import SluiceSQLite

/// Writes records into the embedded search index (``SluiceSQLite/SearchIndex``): index and update events
/// store the payload, delete events a tombstone, newest version wins.
struct SearchIndexSink: RecordSink {
    let index: SearchIndex
    let definition: SearchIndexDefinition

    init(index: SearchIndex, config: SearchIndexSinkConfig) {
        self.index = index
        self.definition = SearchIndexDefinition(name: config.index, fields: config.fields.map { SearchField($0.path, weight: $0.weight) })
    }

    func prepare() async throws {
        try await index.ensureIndex(definition)
    }

    func write(_ records: [SinkRecord]) async throws -> [SinkResult] {
        let outcomes = try await index.apply(records.map(\.envelope), to: definition.name)
        return outcomes.map {
            switch $0 {
            case .indexed, .deleted, .stale: .delivered
            case .rejected(let reason): .rejected("rejected by index \(definition.name): \(reason)")
            }
        }
    }
}
