import SluiceCore
import SluiceRuntime

/// Writes records into the embedded search index: index and update events store the payload, delete events a
/// tombstone, newest version wins.
struct SearchIndexSink: RecordSink {
    let index: any EmbeddedIndex
    let config: SearchIndexSinkConfig

    func prepare() async throws {
        try await index.ensureIndex(name: config.index, fields: config.fields)
    }

    func write(_ records: [SinkRecord]) async throws -> [SinkResult] {
        try await index.apply(records.map(\.envelope), to: config.index)
    }
}
