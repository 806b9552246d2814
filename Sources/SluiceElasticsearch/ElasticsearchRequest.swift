import NIOCore
import NIOHTTP1
import SluiceCore

/// One REST call, before it is sent: method, path, query and body. Internal; the client's methods build these.
struct ElasticsearchRequest: Sendable {
    var method: HTTPMethod
    /// The path, percent-encoded, starting with `/`.
    var path: String
    /// Query parameters, values not yet encoded.
    var query: [(name: String, value: String)] = []
    /// The body, if any.
    var body: ByteBuffer?
    /// The body's media type.
    var contentType = "application/json"
    /// Statuses besides 2xx that are answers rather than errors (404 for `HEAD /index` or a missing document).
    var acceptedStatuses: Set<Int> = []

    init(_ method: HTTPMethod, _ path: String, query: [(name: String, value: String)] = [], body: ByteBuffer? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
    }

    /// A request whose body is `json`, serialized compactly.
    init(_ method: HTTPMethod, _ path: String, query: [(name: String, value: String)] = [], json: JSONValue) {
        let bytes = json.serialized()
        var buffer = ByteBuffer()
        buffer.reserveCapacity(bytes.count)
        buffer.writeBytes(bytes)
        self.init(method, path, query: query, body: buffer)
    }

    /// The path with the query string, as errors and logs name the request.
    var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(PathEncoding.encode($0.name))=\(PathEncoding.encode($0.value))" }.joined(separator: "&")
    }
}

/// The answer to an ``ElasticsearchRequest``.
struct ElasticsearchResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer

    /// The body parsed as JSON.
    func json(for request: ElasticsearchRequest) throws -> JSONValue {
        do {
            return try JSONValue.parse(body.readableBytesView)
        } catch {
            throw ElasticsearchError(
                .malformedResponse,
                "the answer is not JSON: \(error)",
                status: status,
                method: request.method.rawValue,
                path: request.target,
                underlying: error
            )
        }
    }
}
