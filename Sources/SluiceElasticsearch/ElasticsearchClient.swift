import AsyncHTTPClient
import Logging
import NIOCore
import SluiceCore

/// A client for Elasticsearch 7, 8 and 9 and OpenSearch 1, 2 and 3, on AsyncHTTPClient.
///
/// ## Connecting
///
/// ``connect(_:serverInfo:logger:)`` creates the HTTP client and asks `GET /` which product and version answer
/// (``serverInfo``); operations whose API differs between the two (point in time) use that flavour.
///
/// ```swift
/// let client = try await ElasticsearchClient.connect(.init(url: "http://127.0.0.1:9200"), logger: logger)
/// defer { Task { try await client.shutdown() } }   // or await it where the owner stops
/// var bulk = BulkRequest()
/// bulk.index(index: "assets", id: "42", version: 17, document: payload)
/// let result = try await client.bulk(bulk)
/// ```
///
/// ## Shutting down
///
/// The client owns an `HTTPClient` and its connections; call ``shutdown()`` once, when done (a debug build stops
/// the program when a client is released without it), or use ``withClient(_:serverInfo:logger:_:)``.
///
/// Every request runs under ``ElasticsearchConfiguration/retry``: connection failures, timeouts and 429/502/503/504
/// are retried with backoff (or the server's `Retry-After`), on the next node when there are several.
public final class ElasticsearchClient: Sendable {
    /// The configuration the client was created with.
    public let configuration: ElasticsearchConfiguration
    /// What the server said about itself at connect time.
    public let serverInfo: ServerInfo
    let transport: ElasticsearchTransport

    private init(transport: ElasticsearchTransport, serverInfo: ServerInfo) {
        self.configuration = transport.configuration
        self.transport = transport
        self.serverInfo = serverInfo
    }

    /// Creates a client and detects the server with `GET /`.
    ///
    /// - Parameters:
    ///   - configuration: The nodes, credentials and settings.
    ///   - serverInfo: The server's product and version, if known; given, no `GET /` is made.
    ///   - logger: Where the client logs: retries at `info`, each request at `trace`.
    /// - Throws: ``ElasticsearchError``: ``ElasticsearchError/Code/invalidConfiguration`` for bad settings, or
    ///   the failure of `GET /` after the retry policy gave up. The HTTP client is shut down before it throws.
    public static func connect(
        _ configuration: ElasticsearchConfiguration,
        serverInfo: ServerInfo? = nil,
        logger: Logger = Logger(label: "sluice.elasticsearch")
    ) async throws -> ElasticsearchClient {
        try validate(configuration)
        let http = try makeHTTPClient(configuration, logger: logger)
        let transport = ElasticsearchTransport(http: http, configuration: configuration, logger: logger)
        do {
            let info: ServerInfo
            if let serverInfo {
                info = serverInfo
            } else {
                info = try await fetchInfo(transport)
            }
            logger.debug("Elasticsearch connected", metadata: ["server": "\(info)", "nodes": "\(configuration.urls.map(NodeURL.redacted))"])
            return ElasticsearchClient(transport: transport, serverInfo: info)
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// Connects, runs `body` with the client, and shuts the client down however `body` ends.
    ///
    /// - Parameters: See ``connect(_:serverInfo:logger:)``.
    public static func withClient<Result>(
        _ configuration: ElasticsearchConfiguration,
        serverInfo: ServerInfo? = nil,
        logger: Logger = Logger(label: "sluice.elasticsearch"),
        _ body: (ElasticsearchClient) async throws -> Result
    ) async throws -> Result {
        let client = try await connect(configuration, serverInfo: serverInfo, logger: logger)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Asks `GET /` again, for a health check or to see an upgrade; ``serverInfo`` keeps the value from connect time.
    public func info() async throws -> ServerInfo {
        try await Self.fetchInfo(transport)
    }

    /// Closes every connection and releases the HTTP client. Requests after this fail with
    /// ``ElasticsearchError/Code/cancelled``.
    public func shutdown() async throws {
        try await transport.http.shutdown()
    }

    /// Sends `request` and parses the answer as JSON.
    func sendJSON(_ request: ElasticsearchRequest) async throws -> JSONValue {
        try await transport.send(request).json(for: request)
    }

    private static func fetchInfo(_ transport: ElasticsearchTransport) async throws -> ServerInfo {
        let request = ElasticsearchRequest(.GET, "/")
        let json = try await transport.send(request).json(for: request)
        do {
            return try ServerInfo(root: json)
        } catch var error as ElasticsearchError {
            error.method = "GET"
            error.path = "/"
            throw error
        }
    }

    private static func validate(_ configuration: ElasticsearchConfiguration) throws {
        guard !configuration.urls.isEmpty else {
            throw ElasticsearchError(.invalidConfiguration, "no Elasticsearch URL is configured")
        }
        for url in configuration.urls where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ElasticsearchError(.invalidConfiguration, "\(NodeURL.redacted(url)) is not an http:// or https:// URL")
        }
        guard configuration.retry.maximumAttempts >= 1 else {
            throw ElasticsearchError(.invalidConfiguration, "retry.maximumAttempts must be at least 1")
        }
        guard configuration.maximumConnectionsPerHost >= 1 else {
            throw ElasticsearchError(.invalidConfiguration, "maximumConnectionsPerHost must be at least 1")
        }
    }

    private static func makeHTTPClient(_ configuration: ElasticsearchConfiguration, logger: Logger) throws -> HTTPClient {
        var http = HTTPClient.Configuration()
        if let tls = configuration.tls {
            http.tlsConfiguration = try tls.makeTLSConfiguration()
        }
        http.timeout = .init(connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.requestTimeout))
        http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.maximumConnectionsPerHost
        // Connection failures come back at once; the retry policy, not the pool, decides whether to try again
        // and on which node.
        http.connectionPool.retryConnectionEstablishment = false
        http.httpVersion = .http1Only
        http.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http, backgroundActivityLogger: logger)
    }
}
