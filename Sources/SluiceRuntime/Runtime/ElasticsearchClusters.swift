import Logging
import SluiceElasticsearch

/// The Elasticsearch clients of a runtime: one per cluster that a pipeline names, connected at start (which
/// detects the server's flavour and version) and shut down with the runtime.
final class ElasticsearchClusters: Sendable {
    let clients: [String: ElasticsearchClient]

    private init(clients: [String: ElasticsearchClient]) {
        self.clients = clients
    }

    /// Connects to every cluster the pipelines use.
    static func connect(_ config: SluiceConfig, logger: Logger) async throws -> ElasticsearchClusters {
        var clients: [String: ElasticsearchClient] = [:]
        do {
            for name in Set(config.pipelines.flatMap(\.elasticsearchClusters)).sorted() {
                guard let settings = config.elasticsearch[name] else { continue }
                var clusterLogger = logger
                clusterLogger[metadataKey: "cluster"] = "\(name)"
                let client = try await ElasticsearchClient.connect(settings.clientConfiguration, logger: clusterLogger)
                logger.info("connected to Elasticsearch", metadata: ["cluster": "\(name)", "server": "\(client.serverInfo)"])
                clients[name] = client
            }
        } catch {
            for client in clients.values { try? await client.shutdown() }
            throw RuntimeStartError("cannot reach Elasticsearch cluster: \(error)")
        }
        return ElasticsearchClusters(clients: clients)
    }

    /// The client of a cluster the configuration names (checked when it was loaded).
    func client(_ name: String) -> ElasticsearchClient {
        guard let client = clients[name] else { preconditionFailure("cluster \(name) was not connected") }
        return client
    }

    func shutdown() async {
        for client in clients.values { try? await client.shutdown() }
    }
}

extension ElasticsearchClusterSettings {
    /// The client configuration for these settings.
    var clientConfiguration: ElasticsearchConfiguration {
        var configuration = ElasticsearchConfiguration(urls: urls)
        switch auth {
        case .none: configuration.authentication = .none
        case .basic(let user, let password): configuration.authentication = .basic(username: user, password: password)
        case .apiKey(let key): configuration.authentication = .apiKey(key)
        case .bearer(let token): configuration.authentication = .bearer(token)
        }
        if caFile != nil || certificateFile != nil {
            configuration.tls = ElasticsearchConfiguration.TLS(caFile: caFile, certificateFile: certificateFile, privateKeyFile: keyFile)
        }
        configuration.gzipRequests = gzip
        configuration.maximumConnectionsPerHost = maxConnections
        configuration.requestTimeout = timeout
        return configuration
    }
}

/// Why the runtime could not start.
struct RuntimeStartError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
