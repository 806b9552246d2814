import SluiceCore

/// How an ``ElasticsearchClient`` reaches a cluster: its nodes, credentials, TLS, compression, pool and retries.
///
/// ```swift
/// var configuration = ElasticsearchConfiguration(urls: ["https://es1:9200", "https://es2:9200"])
/// configuration.authentication = .basic(username: "sluice", password: secret)
/// configuration.tls = .init(caFile: "/etc/sluice/ca.pem")
/// configuration.gzipRequests = true
/// ```
///
/// Only ``urls`` has no default.
public struct ElasticsearchConfiguration: Sendable {
    /// The nodes' base URLs, such as `http://127.0.0.1:9200` (a path prefix is kept: `https://proxy/es`). Requests
    /// go to them in turn; a node that fails to connect is skipped for ``deadNodeCooldown``.
    public var urls: [String]
    /// The credentials sent with every request. Defaults to ``Authentication/none``.
    public var authentication: Authentication = .none
    /// TLS settings for `https` URLs. Defaults to `nil`: the system's trust roots and no client certificate.
    public var tls: TLS?
    /// Whether request bodies of at least ``gzipMinimumBytes`` are gzip-compressed (`Content-Encoding: gzip`).
    /// Defaults to `false`: compression costs CPU on both sides and pays off only on slow links.
    public var gzipRequests: Bool = false
    /// The smallest body that ``gzipRequests`` compresses. Defaults to 1 KiB; smaller bodies barely shrink.
    public var gzipMinimumBytes: Int = 1024
    /// The most connections kept open to one node. Defaults to 8, enough for a few concurrent bulk requests
    /// without flooding the node's HTTP thread pool.
    public var maximumConnectionsPerHost: Int = 8
    /// How long establishing a connection may take. Defaults to 5 seconds.
    public var connectTimeout: Duration = .seconds(5)
    /// How long one attempt of a request may take, from sending to the end of the response. Defaults to 60 seconds,
    /// long enough for a large bulk request on a busy cluster.
    public var requestTimeout: Duration = .seconds(60)
    /// Which failures are retried and how long to wait between attempts. Defaults to ``RetryPolicy/standard``.
    public var retry: RetryPolicy = .standard
    /// How long a node that refused or dropped a connection is skipped before it is tried again. Defaults to
    /// 5 seconds. With a single URL the node is tried anyway.
    public var deadNodeCooldown: Duration = .seconds(5)
    /// The largest response body read into memory. Defaults to 256 MiB; larger answers fail with
    /// ``ElasticsearchError/Code/malformedResponse``.
    public var maximumResponseBytes: Int = 256 << 20
    /// The `User-Agent` header. Defaults to `sluice`.
    public var userAgent: String = "sluice"

    /// Creates a configuration for the nodes at `urls`, every other setting at its default.
    public init(urls: [String]) {
        self.urls = urls
    }

    /// Creates a configuration for the node at `url`, every other setting at its default.
    public init(url: String) {
        self.urls = [url]
    }
}
