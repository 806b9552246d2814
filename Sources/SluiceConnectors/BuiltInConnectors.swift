import SluiceElasticsearchConnector
import SluiceJetStreamTransport
import SluiceRuntime
import SluiceSQLiteTransport
import SluiceSearchIndexConnector

extension ConnectorRegistry {
    /// Every connector the `sluice` program is built with: JetStream, then the embedded SQLite queue, as transports;
    /// files, HTTP ingest, existing streams and Elasticsearch as sources; the embedded search index, publish and
    /// Elasticsearch as sinks; `GET /search` on the embedded index; the top-level `outbox:` relayed beside them.
    public static let builtIn: ConnectorRegistry = {
        var registry = ConnectorRegistry()
        registry.registerJetStreamTransport()
        registry.registerSQLiteTransport()
        registry.register(SourceConnector.files)
        registry.register(SourceConnector.http)
        registry.register(SourceConnector.jetstream)
        registry.registerSearchIndex()
        registry.register(SinkConnector.publish)
        registry.registerElasticsearch()
        registry.register(ConfigSection.outbox)
        return registry
    }()
}
