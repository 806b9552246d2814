/// An error from an ``ElasticsearchClient``: the server answered with an error status, or no answer came.
///
/// Match on ``code``: ``Code/server`` carries the HTTP ``status`` and the server's ``type`` and ``reason``
/// (`index_not_found_exception`, `no such index [x]`); ``Code/connection`` and ``Code/timeout`` mean the request
/// got no answer. ``method`` and ``path`` name the request (never its body or credentials).
///
/// ```swift
/// do {
///     try await client.createIndex("assets", body: mappings)
/// } catch let error as ElasticsearchError where error.type == "resource_already_exists_exception" {
///     // fine
/// }
/// ```
public struct ElasticsearchError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; ``description`` is a stable label for metrics.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The server answered with an error status; see ``ElasticsearchError/status``, ``ElasticsearchError/type``
        /// and ``ElasticsearchError/reason``.
        public static let server = Code("server")
        /// No connection could be made, or it was lost before the answer arrived.
        public static let connection = Code("connection")
        /// The request did not complete within ``ElasticsearchConfiguration/requestTimeout``.
        public static let timeout = Code("timeout")
        /// The answer could not be read: not JSON, or not the shape expected, or too large.
        public static let malformedResponse = Code("malformed_response")
        /// The server does not support the operation (point in time before Elasticsearch 7.10 or OpenSearch 2.4).
        public static let unsupported = Code("unsupported")
        /// A setting or an argument is not valid (no URLs, an unreadable CA file, an empty index name).
        public static let invalidConfiguration = Code("invalid_configuration")
        /// The client was shut down, or the waiting task was cancelled.
        public static let cancelled = Code("cancelled")

        public var description: String { name }
    }

    /// One entry of the server's `root_cause` list.
    public struct Cause: Sendable, Hashable {
        /// The exception type, such as `index_not_found_exception`.
        public var type: String
        /// The explanation.
        public var reason: String

        /// Creates a cause.
        public init(type: String, reason: String) {
            self.type = type
            self.reason = reason
        }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, for people; may change between versions.
    public var message: String
    /// The HTTP status, when the server answered.
    public var status: Int?
    /// The server's `error.type`, such as `version_conflict_engine_exception`, when it sent one.
    public var type: String?
    /// The server's `error.reason`, when it sent one.
    public var reason: String?
    /// The server's `error.root_cause` entries, when it sent them.
    public var rootCauses: [Cause]
    /// The request's method, such as `POST`, when the error belongs to a request.
    public var method: String?
    /// The request's path and query, such as `/_bulk`, when the error belongs to a request.
    public var path: String?
    /// The seconds the server asked to wait in a `Retry-After` header, if any.
    public var retryAfter: Duration?
    /// How many attempts were made before the client gave up (see ``RetryPolicy``).
    public var attempts: Int = 1
    /// The error behind this one (a SwiftNIO or AsyncHTTPClient error for ``Code/connection``).
    public var underlying: (any Error)?

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        status: Int? = nil,
        type: String? = nil,
        reason: String? = nil,
        rootCauses: [Cause] = [],
        method: String? = nil,
        path: String? = nil,
        retryAfter: Duration? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.type = type
        self.reason = reason
        self.rootCauses = rootCauses
        self.method = method
        self.path = path
        self.retryAfter = retryAfter
        self.underlying = underlying
    }

    /// Whether ``RetryPolicy/standard`` would retry this error: no answer, or a 429, 502, 503 or 504.
    public var isRetryable: Bool { RetryPolicy.standard.isRetryable(self) }

    public var description: String {
        var text = "ElasticsearchError.\(code)"
        if let method, let path { text += " (\(method) \(path))" }
        if let status { text += " status \(status)" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        if let type { text += " \(type)" }
        text += ": \(message)"
        return text
    }
}
