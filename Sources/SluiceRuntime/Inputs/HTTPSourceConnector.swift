/// HTTP ingest settings.
public struct HTTPSourceConfig: SourceSettings {
    public static let sourceType = "http"

    /// The largest request body. Default 10 MiB; larger bodies get 413.
    public var maxBodyBytes: Int = 10 << 20
    /// Pending messages in the transport above which ingest answers 429. Default 100,000.
    public var maxPending: Int = 100_000

    /// Creates the defaults.
    public init() {}
}

extension SourceConnector {
    /// `POST /ingest/{pipeline}`: `type: http`. The runtime takes the requests; no source runs in the process.
    public static let http = SourceConnector(
        HTTPSourceConfig.self,
        keys: ["max_body_bytes", "max_pending"],
        decode: { block in
            var http = HTTPSourceConfig()
            if let body = block.keys["max_body_bytes"] { http.maxBodyBytes = block.reader.size(body) ?? http.maxBodyBytes }
            if let pending = block.keys["max_pending"] { http.maxPending = block.reader.integer(pending) ?? http.maxPending }
            return http
        },
        make: { _, _ in nil }
    )
}
