import SluiceCore

/// What `GET /` says about a cluster: which product, which version.
///
/// The client reads it once at start (``ElasticsearchClient/connect(_:serverInfo:logger:)``) and picks the API flavour from
/// it; Elasticsearch 7, 8 and 9 and OpenSearch 1, 2 and 3 are known.
public struct ServerInfo: Sendable, Hashable {
    /// The product behind the API.
    public enum Flavour: String, Sendable, Hashable, CustomStringConvertible {
        /// Elastic's Elasticsearch (no `version.distribution`, or one other than `opensearch`).
        case elasticsearch
        /// OpenSearch, or a server that answers as it (`version.distribution: opensearch`), such as osmem-server.
        case opensearch

        public var description: String { rawValue }
    }

    /// The product.
    public var flavour: Flavour
    /// The version text, such as `8.15.1` or `3.8.0`.
    public var version: String
    /// The major version, such as 8; 0 when the version text does not start with a number.
    public var majorVersion: Int
    /// The minor version, such as 15; 0 when absent.
    public var minorVersion: Int
    /// The cluster's name.
    public var clusterName: String?

    /// Creates server information.
    public init(flavour: Flavour, version: String, clusterName: String? = nil) {
        self.flavour = flavour
        self.version = version
        self.clusterName = clusterName
        let numbers = version.split(separator: ".").map { Int($0.prefix { $0.isNumber }) ?? 0 }
        self.majorVersion = numbers.first ?? 0
        self.minorVersion = numbers.count > 1 ? numbers[1] : 0
    }

    /// Reads the answer of `GET /`.
    ///
    /// - Throws: ``ElasticsearchError`` with code ``ElasticsearchError/Code/malformedResponse`` when there is no
    ///   `version.number`.
    public init(root: JSONValue) throws {
        guard let number = root["version"]?["number"]?.stringValue else {
            throw ElasticsearchError(.malformedResponse, "GET / has no version.number; is this Elasticsearch or OpenSearch?")
        }
        let distribution = root["version"]?["distribution"]?.stringValue
        self.init(
            flavour: distribution == "opensearch" ? .opensearch : .elasticsearch,
            version: number,
            clusterName: root["cluster_name"]?.stringValue
        )
    }

    /// Whether the server has point-in-time searches: Elasticsearch 7.10 and later, OpenSearch 2.4 and later.
    public var supportsPointInTime: Bool {
        switch flavour {
        case .elasticsearch: (majorVersion, minorVersion) >= (7, 10)
        case .opensearch: (majorVersion, minorVersion) >= (2, 4)
        }
    }
}

extension ServerInfo: CustomStringConvertible {
    /// Such as `opensearch 3.8.0`.
    public var description: String { "\(flavour) \(version)" }
}
