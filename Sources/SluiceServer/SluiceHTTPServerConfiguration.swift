public import NIOSSL
public import SluiceHTTPAuth

/// How ``SluiceHTTPServer`` listens and what it accepts.
public struct SluiceHTTPServerConfiguration: Sendable, Equatable {
    /// Address to listen on. Defaults to `127.0.0.1`, so the API is not reachable from other machines unless asked
    /// for; any address that is not loopback needs ``auth`` (the server refuses to start without it).
    public var host: String = "127.0.0.1"
    /// TCP port. Defaults to `8080`; `0` picks a free port (see ``SluiceHTTPServer/init(operations:configuration:registry:logger:onListening:)``).
    public var port: Int = 8080
    /// Who may call the API; off by default (only allowed on a loopback ``host``).
    public var auth: HTTPAuthConfiguration = HTTPAuthConfiguration()
    /// Names accepted in `Host` besides `localhost`, `127.0.0.1`, `::1` and ``host``; `*` accepts any.
    public var allowedHosts: [String] = []
    /// Origins whose (cross-site) requests are answered; any other request with an `Origin` header is refused.
    public var allowedOrigins: [String] = []
    /// The certificate chain and key to serve HTTPS with; `nil` for plain HTTP.
    public var tls: TLS?
    /// How long a connection may stay open with no request in progress. Defaults to 60 seconds.
    public var idleTimeout: Duration? = .seconds(60)
    /// Most connections open at once; one accepted over it is closed at once. Defaults to 512.
    public var maxConnections: Int = 512
    /// Whether to serve the web console at `/` and `/console/…`. Default `true`.
    public var console: Bool = true
    /// Largest request body accepted, in bytes, for `POST /ingest/{pipeline}`. Defaults to 10 MB
    /// (10 × 1024 × 1024): big enough for thousands of records per request, small enough that a few
    /// concurrent requests cannot exhaust memory. A larger body is answered with `413` before it is buffered.
    public var maxBodySize: Int = 10 * 1024 * 1024
    /// Body limits of single pipelines (their `source.max_body_bytes`), in place of ``maxBodySize`` for those.
    public var ingestBodyLimits: [String: Int] = [:]
    /// Largest body of the other `POST` endpoints (`/dlq/replay`), in bytes. Defaults to 1 MB.
    public var maxControlBodySize: Int = 1024 * 1024
    /// Seconds sent in `Retry-After` with a `429` when a pipeline is backed up. Defaults to `1`: a
    /// pipeline drains its queue quickly, and clients back off further on repeated 429s.
    public var retryAfterSeconds: Int = 1
    /// Most hits one `GET /search` returns, and most dead letters one `GET /dlq` lists. Defaults to `1000`;
    /// a larger `limit` is lowered to it.
    public var maxPageSize: Int = 1000
    /// The largest `offset` `GET /search` accepts; a larger one is answered with `400`. Defaults to `10000`: every
    /// shard of the index ranks `offset + limit` hits to cut one page, so deep pages cost more than a narrower query.
    public var maxSearchOffset: Int = 10_000
    /// Hits returned by `GET /search` without `limit`. Defaults to `10`.
    public var defaultSearchLimit: Int = 10
    /// Dead letters listed by `GET /dlq` without `limit`. Defaults to `100`.
    public var defaultDeadLetterLimit: Int = 100

    /// A certificate chain (leaf first) and its private key.
    public struct TLS: Sendable, Equatable {
        public var certificateChain: [NIOSSLCertificate]
        public var privateKey: NIOSSLPrivateKey

        public init(certificateChain: [NIOSSLCertificate], privateKey: NIOSSLPrivateKey) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }
    }

    /// The default configuration: `127.0.0.1:8080`, 10 MB bodies.
    public init() {}

    /// A configuration listening on `host:port`, other settings at their defaults.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// A configuration listening on an address written `host:port` (`127.0.0.1:8080`, `[::1]:8080`,
    /// `:8080` for all interfaces), or `nil` when it is not of that form.
    public init?(address: String) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(host: host.isEmpty ? "0.0.0.0" : host, port: port)
    }

    /// The address as `host:port`.
    public var address: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// `https` with ``tls``, else `http`.
    public var scheme: String { tls == nil ? "http" : "https" }

    /// The `Host` and `Origin` rules of this configuration.
    public var hostPolicy: HostPolicy {
        HostPolicy(boundHost: host, extraHosts: allowedHosts, allowedOrigins: allowedOrigins)
    }

    /// Refuses to serve the API without authentication on an address that other machines can reach.
    ///
    /// - Throws: ``SluiceHTTPServerError`` for `server.listen` when ``host`` is not loopback and ``auth`` is off.
    func checkExposure() throws(SluiceHTTPServerError) {
        guard auth.isEnabled || HostPolicy.isLoopback(host) else {
            throw SluiceHTTPServerError(
                field: "server.listen",
                "\(address) is not a loopback address, and the API would be open to anyone who reaches it: "
                    + "configure server.auth (tokens or jwt; see docs/security.md) or listen on 127.0.0.1"
            )
        }
    }

    /// Checks everything ``SluiceHTTPServer`` checks when it is made ‒ the address against ``auth``, the JWT keys,
    /// the certificate and key ‒ so a program can refuse to start before it starts anything else.
    ///
    /// - Throws: ``SluiceHTTPServerError`` naming the field at fault.
    public func validate() async throws(SluiceHTTPServerError) {
        try checkExposure()
        _ = try await makeAuthenticator()
        _ = try tlsConfiguration()
    }

    /// The authenticator of ``auth``, `nil` when authentication is off.
    func makeAuthenticator() async throws(SluiceHTTPServerError) -> HTTPAuthenticator? {
        guard auth.isEnabled else { return nil }
        do {
            return try await HTTPAuthenticator(auth)
        } catch {
            throw SluiceHTTPServerError(field: "server.auth.jwt", error.message)
        }
    }

    /// The server TLS configuration of ``tls``, checked by making a context of it once (a key that does not match
    /// the certificate fails here, not at the first connection).
    func tlsConfiguration() throws(SluiceHTTPServerError) -> TLSConfiguration? {
        guard let tls else { return nil }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: tls.certificateChain.map { .certificate($0) },
            privateKey: .privateKey(tls.privateKey)
        )
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw SluiceHTTPServerError(field: "server.tls", "the certificate and key cannot serve TLS: \(error)")
        }
        return configuration
    }

    /// The body limit of `POST /ingest/{pipeline}` for one pipeline.
    func ingestBodyLimit(pipeline: String) -> Int {
        ingestBodyLimits[pipeline] ?? maxBodySize
    }
}
