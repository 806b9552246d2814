/// How ``SluiceHTTPServer`` listens and what it accepts.
public struct SluiceHTTPServerConfiguration: Sendable, Equatable {
    /// Address to listen on. Defaults to `127.0.0.1`, so the API is not reachable from other machines
    /// unless asked for (it can pause pipelines and purge dead letters, and has no authentication).
    public var host: String = "127.0.0.1"
    /// TCP port. Defaults to `8080`; `0` picks a free port (see ``SluiceHTTPServer/init(operations:configuration:registry:logger:onListening:)``).
    public var port: Int = 8080
    /// Largest request body accepted, in bytes, for `POST /ingest/{pipeline}`. Defaults to 10 MB
    /// (10 × 1024 × 1024): big enough for thousands of records per request, small enough that a few
    /// concurrent requests cannot exhaust memory. A larger body is answered with `413` before it is buffered.
    public var maxBodySize: Int = 10 * 1024 * 1024
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
}
