import SluiceElasticsearchConnector
import SluiceRuntime
import SluiceSearchIndexConnector

extension ConnectorRegistry {
    /// Every connector the `sluice` program is built with: files, HTTP ingest and existing streams as sources; the
    /// embedded search index, publish and Elasticsearch as sinks; Elasticsearch as a source; `GET /search` on the
    /// embedded index.
    public static let builtIn: ConnectorRegistry = {
        var registry = ConnectorRegistry()
        registry.register(SourceConnector.files)
        registry.register(SourceConnector.http)
        registry.register(SourceConnector.jetstream)
        registry.registerSearchIndex()
        registry.register(SinkConnector.publish)
        registry.registerElasticsearch()
        return registry
    }()
}
