import AsyncHTTPClient
// DateFormatter, for HTTP dates in Retry-After.
import Foundation
import NIOCore
import NIOHTTP1
import SluiceCore

/// POSTs messages to their targets and classifies the answers (see ``DeliveryOutcome``).
///
/// Each request carries the message's headers, `Idempotency-Key: <message id>`, and the
/// ``WebhookSignature`` headers when a secret is set. Each target origin has a circuit breaker: while it is
/// open, deliveries to that origin are not tried and come back as retries that do not count.
public final class HTTPDeliverer: Sendable {
    /// The idempotency header, carrying the message id.
    public static let idempotencyHeader = "Idempotency-Key"

    private let client: HTTPClient
    private let signature: WebhookSignature?
    private let breakers: TargetBreakers

    /// Creates a deliverer with its own connection pool; call ``shutdown()`` when done.
    ///
    /// - Parameters:
    ///   - signingSecret: The HMAC secret for ``WebhookSignature``; `nil` sends no signature.
    ///   - circuitBreaker: When a target's breaker opens and how it recovers.
    ///   - connectionsPerHost: The most connections kept open to one host.
    public init(signingSecret: String?, circuitBreaker: CircuitBreaker<ContinuousClock.Instant>.Configuration, connectionsPerHost: Int = 64) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        signature = signingSecret.map(WebhookSignature.init(secret:))
        breakers = TargetBreakers(configuration: circuitBreaker)
    }

    /// Closes the connections.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Tries one delivery of `message`, waiting at most `timeout` for the answer.
    public func deliver(_ message: RouterMessage, timeout: Duration) async -> DeliveryOutcome {
        let origin = Self.origin(of: message.target)
        let permit: TargetBreakers.Breaker.Permit
        switch breakers.acquire(origin) {
        case .allowed(let allowed): permit = allowed
        case .rejected(let retryAfter):
            return .retry(reason: "circuit open for \(origin)", status: nil, after: retryAfter ?? .milliseconds(100), counts: false)
        }
        let outcome = await post(message, timeout: timeout)
        switch outcome {
        case .delivered, .rejected, .retry(_, 429?, _, _): breakers.record(.success, for: permit, origin: origin)
        case .retry: breakers.record(.failure, for: permit, origin: origin)
        }
        return outcome
    }

    private func post(_ message: RouterMessage, timeout: Duration) async -> DeliveryOutcome {
        var request = HTTPClientRequest(url: message.target)
        request.method = .POST
        for (name, value) in message.headers { request.headers.replaceOrAdd(name: name, value: value) }
        if !request.headers.contains(name: "Content-Type") { request.headers.add(name: "Content-Type", value: "application/json") }
        request.headers.replaceOrAdd(name: Self.idempotencyHeader, value: message.id)
        if let signature {
            let timestamp = Int64(Date().timeIntervalSince1970)
            request.headers.replaceOrAdd(name: WebhookSignature.timestampHeader, value: String(timestamp))
            request.headers.replaceOrAdd(
                name: WebhookSignature.signatureHeader,
                value: signature.signature(timestamp: timestamp, body: message.payload)
            )
        }
        request.body = .bytes(message.payload)
        do {
            let response = try await client.execute(request, timeout: .of(timeout))
            let status = Int(response.status.code)
            if (200..<300).contains(status) {
                _ = try? await response.body.collect(upTo: 1 << 20)
                return .delivered(status: status)
            }
            var body = (try? await response.body.collect(upTo: 1 << 20)) ?? ByteBuffer()
            let start = body.readString(length: min(body.readableBytes, 512)) ?? ""
            switch status {
            case 408, 429, 500...599:
                let after = response.headers.first(name: "Retry-After").flatMap(Self.retryAfter)
                return .retry(reason: "HTTP \(status)", status: status, after: (status == 429 || status == 503) ? after : nil, counts: true)
            default:
                return .rejected(status: status, body: start)
            }
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .retry(reason: "timed out after \(timeout)", status: nil, after: nil, counts: true)
        } catch {
            return .retry(reason: "connection error: \(error)", status: nil, after: nil, counts: true)
        }
    }

    /// The wait a `Retry-After` value asks for: whole seconds, or an HTTP date.
    static func retryAfter(_ value: String) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text) { return .seconds(max(seconds, 0)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .milliseconds(max(Int64(date.timeIntervalSinceNow * 1000), 0))
    }

    /// `scheme://host:port` of a URL (what precedes its path, query or fragment, without user information): the
    /// unit a circuit breaker and the per-target metrics are kept for.
    static func origin(of target: String) -> String {
        guard let separator = target.range(of: "://") else { return target }
        let rest = target[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@", maxSplits: 1).last ?? authority
        return target[..<separator.lowerBound].lowercased() + "://" + host.lowercased()
    }
}
