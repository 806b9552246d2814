import Logging
import NATS
import NIOCore

/// The entry point to JetStream on a ``NATS/NATSClient``: stream and consumer management, publishing with
/// acknowledgements, pull consumers and key-value buckets.
///
/// Each management call is a request to `<prefix>.<API>` (the prefix is `$JS.API`, or `$JS.<domain>.API`
/// for a JetStream domain) answered with JSON; an answer carrying an `error` is thrown as a
/// ``JetStreamError`` with code ``JetStreamError/Code/api`` and the server's ``JetStreamError/errorCode``.
///
/// ```swift
/// let js = JetStreamContext(client: client)
/// _ = try await js.createStream(StreamConfig(name: "ORDERS", subjects: ["orders.>"]))
/// let ack = try await js.publish("orders.created", payload: ByteBuffer(string: "{}"))
/// ```
public struct JetStreamContext: Sendable {
    /// The client requests and publishes go through.
    public let client: NATSClient
    /// The API subject prefix, `$JS.API` unless a domain or prefix was given.
    public let apiPrefix: String
    /// How long to wait for an API answer or a publish acknowledgement. Defaults to 5 seconds.
    public var timeout: Duration
    /// Where consumers and publishers log recoveries (missed heartbeats, retries), at `debug`.
    public var logger: Logger

    /// Creates a context.
    /// - Parameters:
    ///   - client: A connected client.
    ///   - domain: The JetStream domain to address (its API prefix becomes `$JS.<domain>.API`).
    ///   - apiPrefix: An explicit API prefix (for imported JetStream APIs); overrides `domain`.
    ///   - timeout: How long to wait for answers.
    ///   - logger: Where recoveries are logged.
    public init(
        client: NATSClient,
        domain: String? = nil,
        apiPrefix: String? = nil,
        timeout: Duration = .seconds(5),
        logger: Logger = Logger(label: "jetstream")
    ) {
        self.client = client
        self.logger = logger
        if let apiPrefix {
            self.apiPrefix = apiPrefix.hasSuffix(".") ? String(apiPrefix.dropLast()) : apiPrefix
        } else if let domain, !domain.isEmpty {
            self.apiPrefix = "$JS.\(domain).API"
        } else {
            self.apiPrefix = "$JS.API"
        }
        self.timeout = timeout
    }

    /// Sends `body` to `<prefix>.<api>` and decodes the answer.
    func request<Response: Decodable>(
        _ api: String,
        body: ByteBuffer = ByteBuffer(),
        as type: Response.Type
    ) async throws(JetStreamError)
        -> Response
    {
        let reply = try await rawRequest(api, body: body)
        return try JetStreamJSON.decodeResponse(type, from: reply.payload)
    }

    /// Encodes `body` as JSON, sends it to `<prefix>.<api>` and decodes the answer.
    func request<Body: Encodable, Response: Decodable>(
        _ api: String,
        json body: Body,
        as type: Response.Type
    ) async throws(JetStreamError)
        -> Response
    {
        try await request(api, body: try JetStreamJSON.encode(body), as: type)
    }

    /// Sends `body` to `<prefix>.<api>` and returns the raw answer.
    func rawRequest(_ api: String, body: ByteBuffer = ByteBuffer()) async throws(JetStreamError) -> NATSMessage {
        do {
            return try await client.request("\(apiPrefix).\(api)", payload: body, timeout: timeout)
        } catch {
            throw JetStreamError(clientError: error, while: "calling \(api)")
        }
    }
}
