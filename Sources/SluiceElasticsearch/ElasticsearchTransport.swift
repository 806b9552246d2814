import AsyncHTTPClient
import CompressNIO
import FoundationEssentials
import Logging
import NIOCore
import NIOHTTP1
import SluiceCore

/// Sends ``ElasticsearchRequest``s: picks a node, adds the headers, compresses the body, runs the retry policy, and
/// turns failures into ``ElasticsearchError``s.
struct ElasticsearchTransport: Sendable {
    let http: HTTPClient
    let configuration: ElasticsearchConfiguration
    let nodes: NodeSelector
    /// The `Authorization` header of each node whose URL carries credentials, by position; used when the
    /// configuration sets no ``ElasticsearchConfiguration/authentication``.
    private let nodeAuthorizations: [String?]
    let logger: Logger
    private let baseHeaders: HTTPHeaders

    init(http: HTTPClient, configuration: ElasticsearchConfiguration, logger: Logger) {
        self.http = http
        self.configuration = configuration
        self.logger = logger
        // Node URLs lose their userinfo here, so that no error or log line shows a password.
        let nodeURLs = configuration.urls.map(NodeURL.init)
        self.nodes = NodeSelector(urls: nodeURLs.map(\.base), cooldown: configuration.deadNodeCooldown)
        self.nodeAuthorizations = nodeURLs.map(\.authorization)
        var headers = HTTPHeaders()
        headers.add(name: "User-Agent", value: configuration.userAgent)
        headers.add(name: "Accept", value: "application/json")
        if let authorization = configuration.authentication.headerValue {
            headers.add(name: "Authorization", value: authorization)
        }
        self.baseHeaders = headers
    }

    /// Sends `request`, retrying as ``ElasticsearchConfiguration/retry`` says, and returns the first answer that is
    /// 2xx or in ``ElasticsearchRequest/acceptedStatuses``.
    ///
    /// - Throws: ``ElasticsearchError`` for an error answer or no answer, after the last attempt.
    func send(_ request: ElasticsearchRequest) async throws -> ElasticsearchResponse {
        let prepared = try prepare(request)
        var random = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            let node = nodes.next()
            var error: ElasticsearchError
            do {
                let response = try await execute(prepared, request: request, on: node.url, authorization: nodeAuthorizations[node.index])
                nodes.markAlive(node.index)
                if (200..<300).contains(response.status) || request.acceptedStatuses.contains(response.status) {
                    return response
                }
                error = Self.serverError(response, request: request)
            } catch let failure as ElasticsearchError {
                error = failure
                if error.code == .connection { nodes.markDead(node.index) }
            }
            error.attempts = attempt
            guard let delay = configuration.retry.delay(after: error, attempt: attempt, using: &random) else {
                throw error
            }
            logger.info(
                "Elasticsearch request failed; retrying",
                metadata: [
                    "method": "\(request.method.rawValue)", "path": "\(request.path)", "node": "\(node.url)",
                    "attempt": "\(attempt)", "delay": "\(delay)", "error": "\(error)",
                ]
            )
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw ElasticsearchError(.cancelled, "cancelled while waiting to retry", method: request.method.rawValue, path: request.target)
            }
        }
    }

    /// The parts of the request that stay the same across attempts: headers and the (compressed) body.
    func prepare(_ request: ElasticsearchRequest) throws -> (headers: HTTPHeaders, body: ByteBuffer?) {
        var headers = baseHeaders
        guard var body = request.body else { return (headers, nil) }
        headers.add(name: "Content-Type", value: request.contentType)
        if configuration.gzipRequests, body.readableBytes >= configuration.gzipMinimumBytes {
            do {
                body = try body.compress(with: .gzip())
            } catch {
                throw ElasticsearchError(
                    .invalidConfiguration,
                    "gzip failed: \(error)",
                    method: request.method.rawValue,
                    path: request.target,
                    underlying: error
                )
            }
            headers.add(name: "Content-Encoding", value: "gzip")
        }
        return (headers, body)
    }

    /// One attempt against one node.
    private func execute(
        _ prepared: (headers: HTTPHeaders, body: ByteBuffer?),
        request: ElasticsearchRequest,
        on baseURL: String,
        authorization: String?
    ) async throws -> ElasticsearchResponse {
        var httpRequest = HTTPClientRequest(url: baseURL + request.target)
        httpRequest.method = request.method
        httpRequest.headers = prepared.headers
        if let authorization, configuration.authentication == .none {
            httpRequest.headers.replaceOrAdd(name: "Authorization", value: authorization)
        }
        if let body = prepared.body { httpRequest.body = .bytes(body) }
        let timeout = TimeAmount(configuration.requestTimeout)
        logger.trace("Elasticsearch request", metadata: ["method": "\(request.method.rawValue)", "url": "\(httpRequest.url)"])
        do {
            let response = try await http.execute(httpRequest, timeout: timeout, logger: logger)
            let body = try await response.body.collect(upTo: configuration.maximumResponseBytes)
            return ElasticsearchResponse(status: Int(response.status.code), headers: response.headers, body: body)
        } catch {
            throw Self.transportError(error, request: request, node: baseURL)
        }
    }

    /// The error for an answer with an error status, with the server's `error.type`, `reason` and `root_cause`.
    static func serverError(_ response: ElasticsearchResponse, request: ElasticsearchRequest) -> ElasticsearchError {
        var error = ElasticsearchError(
            .server,
            "HTTP \(response.status)",
            status: response.status,
            method: request.method.rawValue,
            path: request.target,
            retryAfter: response.headers.first(name: "Retry-After").flatMap(Self.retryAfter)
        )
        guard let json = try? JSONValue.parse(response.body.readableBytesView) else {
            let text = String(buffer: response.body).prefix(500)
            if !text.isEmpty { error.message = String(text) }
            return error
        }
        switch json["error"] {
        case .object(let object):
            error.type = object["type"]?.stringValue
            error.reason = object["reason"]?.stringValue
            error.rootCauses = (object["root_cause"]?.arrayValue ?? []).compactMap { cause in
                guard let type = cause["type"]?.stringValue else { return nil }
                return ElasticsearchError.Cause(type: type, reason: cause["reason"]?.stringValue ?? "")
            }
        case .string(let text):
            error.reason = text
        default:
            break
        }
        if let reason = error.reason { error.message = reason }
        return error
    }

    /// Reads `Retry-After` given in seconds; the HTTP-date form is not used by Elasticsearch and is ignored.
    static func retryAfter(_ value: String) -> Duration? {
        guard let seconds = Int(value.trimmingWhitespace()), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }

    /// Classifies a failure to get an answer: no connection, timeout, cancellation or shutdown.
    static func transportError(_ error: any Error, request: ElasticsearchRequest, node: String) -> ElasticsearchError {
        let method = request.method.rawValue
        let path = request.target
        if error is ElasticsearchError { return error as! ElasticsearchError }
        if error is CancellationError {
            return ElasticsearchError(.cancelled, "the request was cancelled", method: method, path: path, underlying: error)
        }
        if error is NIOTooManyBytesError {
            return ElasticsearchError(
                .malformedResponse,
                "the answer is larger than maximumResponseBytes",
                method: method,
                path: path,
                underlying: error
            )
        }
        if let error = error as? HTTPClientError {
            if [.deadlineExceeded, .readTimeout, .writeTimeout].contains(error) {
                return ElasticsearchError(.timeout, "no answer from \(node) in time", method: method, path: path, underlying: error)
            }
            if error == .cancelled {
                return ElasticsearchError(.cancelled, "the request was cancelled", method: method, path: path, underlying: error)
            }
            if error == .alreadyShutdown {
                return ElasticsearchError(.cancelled, "the client was shut down", method: method, path: path, underlying: error)
            }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) {
                return ElasticsearchError(
                    .invalidConfiguration,
                    "\(node) is not a usable URL: \(error)",
                    method: method,
                    path: path,
                    underlying: error
                )
            }
        }
        return ElasticsearchError(.connection, "cannot reach \(node): \(error)", method: method, path: path, underlying: error)
    }
}

extension TimeAmount {
    /// The same span as a NIO time amount, in nanoseconds (saturating).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = .nanoseconds(overflow ? .max : nanoseconds + attoseconds / 1_000_000_000)
    }
}
