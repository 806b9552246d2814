import Logging
import SluiceElasticsearch
import SluiceRuntime

/// The clusters pipelines name: the top-level `elasticsearch:` mapping of cluster names to how to reach them.
public struct ElasticsearchClusters: ConfigSectionSettings {
    /// Each cluster's settings, by name.
    public var clusters: [String: ElasticsearchClusterSettings] = [:]

    /// No clusters.
    public init() {}

    /// Problems with a pipeline's reference to `cluster`.
    func problems(naming cluster: String) -> [String] {
        guard clusters[cluster] == nil else { return [] }
        let known = clusters.keys.sorted().joined(separator: ", ")
        return ["cluster '\(cluster)' is not defined under elasticsearch:" + (known.isEmpty ? "" : " (defined: \(known))")]
    }
}

extension ConfigSection {
    /// The top-level `elasticsearch:` mapping.
    public static let elasticsearch = ConfigSection(ElasticsearchClusters.self, keys: ["elasticsearch"]) { keys, reader, _ in
        var section = ElasticsearchClusters()
        if let field = keys["elasticsearch"] {
            for entry in reader.entries(field, what: "cluster names to {url, auth, tls, …}") ?? [] {
                section.clusters[entry.key] = ElasticsearchClusterSettings.decode(entry.field, reader: reader)
            }
        }
        return section
    }
}

/// One cluster's client, connected by the first pipeline that names the cluster (which detects the server's
/// flavour and version) and shut down with the runtime.
struct ConnectedCluster: SharedResource {
    let client: ElasticsearchClient

    func close() async { try? await client.shutdown() }

    /// The client of a cluster the configuration defines.
    static func client(_ name: String, context: ConnectorContext) async throws -> ElasticsearchClient {
        guard let settings = context.config.section(ElasticsearchClusters.self).clusters[name] else {
            throw ElasticsearchConnectorError("cluster '\(name)' is not defined under elasticsearch:")
        }
        return try await context.resources.resource("elasticsearch.\(name)") {
            var logger = context.logger
            logger[metadataKey: "cluster"] = "\(name)"
            do {
                let client = try await ElasticsearchClient.connect(settings.clientConfiguration, logger: logger)
                context.logger.info("connected to Elasticsearch", metadata: ["cluster": "\(name)", "server": "\(client.serverInfo)"])
                return ConnectedCluster(client: client)
            } catch {
                throw ElasticsearchConnectorError("cannot reach Elasticsearch cluster: \(error)")
            }
        }.client
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

/// Why an Elasticsearch source or sink could not start.
struct ElasticsearchConnectorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
