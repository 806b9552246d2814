import SluiceRuntime

extension SourceConnector {
    /// Changes polled from Elasticsearch or OpenSearch indices (the watch role): `type: elasticsearch`.
    public static let elasticsearch = SourceConnector(
        ElasticsearchSourceConfig.self,
        keys: ElasticsearchSourceConfig.keys,
        defaultSubject: "es.{producer}.{resource_type}",
        decode: { block in ElasticsearchSourceConfig.decode(block.field, keys: block.keys, reader: block.reader) },
        check: { settings, config in config.section(ElasticsearchClusters.self).problems(naming: settings.cluster) },
        make: { settings, context in
            let name = context.pipeline.name
            let store: any CheckpointStore
            switch settings.checkpoint {
            case .bucket(let bucket)?:
                guard let kept = context.transport.checkpointStore(bucket: bucket, key: name) else {
                    throw ElasticsearchConnectorError("pipeline \(name): checkpoint.bucket needs transport: jetstream; use checkpoint.file")
                }
                store = kept
            case .file(let path)?:
                store = FileCheckpointStore(path: path)
            case nil:
                store =
                    context.transport.checkpointStore(bucket: "sluice_checkpoints", key: name)
                    ?? FileCheckpointStore(path: "\(context.config.dataDirectory)/checkpoints/\(name).json")
            }
            return ElasticsearchSource(
                config: settings,
                client: try await ConnectedCluster.client(settings.cluster, context: context.runtime),
                store: WatchCheckpoint(store: store),
                producer: context.pipeline.record.producer,
                logger: context.logger
            )
        }
    )
}

extension SinkConnector {
    /// Bulk writes into Elasticsearch or OpenSearch with external versions (the write role): `type: elasticsearch`.
    public static let elasticsearch = SinkConnector(
        ElasticsearchSinkConfig.self,
        keys: ElasticsearchSinkConfig.keys,
        decode: { block in ElasticsearchSinkConfig.decode(block.field, keys: block.keys, reader: block.reader) },
        check: { settings, config in config.section(ElasticsearchClusters.self).problems(naming: settings.cluster) },
        defaultBatch: { sourceType in sourceType == JetStreamSourceConfig.sourceType ? .bulk : nil },
        make: { settings, context in
            try ElasticsearchSink(
                client: try await ConnectedCluster.client(settings.cluster, context: context.runtime),
                config: settings,
                logger: context.logger
            )
        }
    )
}

extension BatchSettings {
    /// The defaults of a pipeline that bulk-writes a stream into Elasticsearch (the write role): 1,000 records,
    /// 5 MB, 200 ms. They only group fetched messages into one request, so they are not bound by NATS's payload limit.
    public static let bulk: BatchSettings = {
        var settings = BatchSettings()
        settings.maxRecords = 1000
        settings.maxBytes = 5_000_000
        settings.maxAge = .milliseconds(200)
        return settings
    }()
}

extension ConnectorRegistry {
    /// Registers Elasticsearch and OpenSearch: the `elasticsearch` source and sink and the top-level `elasticsearch:`
    /// clusters.
    public mutating func registerElasticsearch() {
        register(SourceConnector.elasticsearch)
        register(SinkConnector.elasticsearch)
        register(ConfigSection.elasticsearch)
    }
}
