/// How one delivery attempt went.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The receiver answered 2xx.
    case delivered(status: Int)
    /// Worth trying again: 408, 429, 5xx, a timeout or a connection error. `after` is the receiver's
    /// `Retry-After` (or the time a target's open circuit breaker has left), `nil` to use the pool's
    /// schedule; `counts` is `false` when the receiver was not even tried, or the try was cancelled.
    case retry(reason: String, status: Int?, after: Duration?, counts: Bool)
    /// Not worth trying again: a 4xx other than 408 and 429. `body` is the start of the answer.
    case rejected(status: Int, body: String)
    /// Cannot be tried as it is, so no try would ever succeed: its target is not an `http` or `https` URL.
    case undeliverable(reason: String)
}
