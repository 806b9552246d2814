import SluiceRuntime

extension ConnectorRegistry {
    /// Registers the embedded search index: the `search_index` sink, its top-level settings and `GET /search`.
    public mutating func registerSearchIndex() {
        register(SinkConnector.searchIndex)
        register(ConfigSection.searchIndex)
        register(SearchConnector.embedded)
    }
}
