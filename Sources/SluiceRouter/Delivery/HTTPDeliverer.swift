import FoundationEssentials
import NIOCore
import NIOHTTP1
import SluiceCore

/// POSTs messages to their targets and classifies the answers (see ``DeliveryOutcome``).
///
/// Requests go over keep-alive HTTP/1.1 connections kept per target origin (``DeliveryClient``). Each request
/// carries the message's headers, `Idempotency-Key: <message id>`, and the ``WebhookSignature`` headers when a
/// secret is set. Each target origin has a circuit breaker: while it is
/// open, deliveries to that origin are not tried and come back as retries that do not count.
public final class HTTPDeliverer: Sendable {
    /// The idempotency header, carrying the message id.
    public static let idempotencyHeader = "Idempotency-Key"

    private let client: DeliveryClient
    private let signature: WebhookSignature?
    private let breakers: TargetBreakers

    /// Creates a deliverer with its own connection pool; call ``shutdown()`` when done.
    ///
    /// - Parameters:
    ///   - signingSecret: The HMAC secret for ``WebhookSignature``; `nil` sends no signature.
    ///   - circuitBreaker: When a target's breaker opens and how it recovers.
    ///   - connectionsPerHost: The most idle connections kept open to one origin (as many are opened as there are
    ///     deliveries in flight to it).
    public init(signingSecret: String?, circuitBreaker: CircuitBreaker<ContinuousClock.Instant>.Configuration, connectionsPerHost: Int = 64) {
        client = DeliveryClient(maxIdlePerOrigin: connectionsPerHost)
        signature = signingSecret.map(WebhookSignature.init(secret:))
        breakers = TargetBreakers(configuration: circuitBreaker)
    }

    /// Closes the connections.
    public func shutdown() async throws {
        await client.shutdown()
    }

    /// Tries one delivery of `message`, waiting at most `timeout` for the answer.
    public func deliver(_ message: RouterMessage, timeout: Duration) async -> DeliveryOutcome {
        guard let target = DeliveryTarget.parsed(message.target) else {
            return .undeliverable(reason: "the target is not an http or https URL: \(message.target)")
        }
        let origin = target.origin
        let permit: TargetBreakers.Breaker.Permit
        switch breakers.acquire(origin) {
        case .allowed(let allowed): permit = allowed
        case .rejected(let retryAfter):
            return .retry(reason: "circuit open for \(origin)", status: nil, after: retryAfter ?? .milliseconds(100), counts: false)
        }
        let outcome = await post(message, to: target, timeout: timeout)
        if case .retry(_, _, _, false) = outcome { return outcome }
        switch outcome {
        case .delivered, .rejected, .retry(_, 429?, _, _): breakers.record(.success, for: permit, origin: origin)
        case .retry, .undeliverable: breakers.record(.failure, for: permit, origin: origin)
        }
        return outcome
    }

    private func post(_ message: RouterMessage, to target: DeliveryTarget, timeout: Duration) async -> DeliveryOutcome {
        var headers = HTTPHeaders()
        headers.reserveCapacity(message.headers.count + 5)
        for (name, value) in message.headers { headers.replaceOrAdd(name: name, value: value) }
        if !headers.contains(name: "Content-Type") { headers.add(name: "Content-Type", value: "application/json") }
        headers.replaceOrAdd(name: Self.idempotencyHeader, value: message.id)
        if let signature {
            let timestamp = Int64(Date().timeIntervalSince1970)
            headers.replaceOrAdd(name: WebhookSignature.timestampHeader, value: String(timestamp))
            headers.replaceOrAdd(name: WebhookSignature.signatureHeader, value: signature.signature(timestamp: timestamp, body: message.payload))
        }
        do {
            let response = try await client.post(target, headers: headers, body: message.payload, timeout: timeout)
            let status = response.status
            switch status {
            case 200..<300:
                return .delivered(status: status)
            case 408, 429, 500...599:
                let after = response.retryAfter.flatMap(Self.retryAfter)
                return .retry(reason: "HTTP \(status)", status: status, after: (status == 429 || status == 503) ? after : nil, counts: true)
            default:
                return .rejected(status: status, body: response.bodyStart)
            }
        } catch is CancellationError {
            // The router is stopping: neither the receiver nor the message is to blame.
            return .retry(reason: "cancelled", status: nil, after: nil, counts: false)
        } catch is DeliveryTimeout {
            return .retry(reason: "timed out after \(timeout)", status: nil, after: nil, counts: true)
        } catch {
            return .retry(reason: "connection error: \(error)", status: nil, after: nil, counts: true)
        }
    }

    /// The wait a `Retry-After` value asks for: whole seconds, or an HTTP date.
    static func retryAfter(_ value: String) -> Duration? {
        let text = value.trimmingWhitespace()
        if let seconds = Int(text) { return .seconds(max(seconds, 0)) }
        guard let date = HTTPDate.parse(text) else { return nil }
        return .milliseconds(max(Int64(date.timeIntervalSinceNow * 1000), 0))
    }
}
