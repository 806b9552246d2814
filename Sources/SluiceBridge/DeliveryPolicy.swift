/// What a consumer does with a message whose handler failed: retry after the backoff for this delivery, or give
/// up (dead-letter when `use_dlq` is on, then terminate).
///
/// Pure: the same error and delivery count always give the same decision.
public struct DeliveryPolicy: Sendable, Hashable {
    /// What to do with a failed message.
    public enum Decision: Sendable, Hashable {
        /// `nak` it, to be delivered again after `delay`.
        case retry(delay: Duration)
        /// Give up: publish it to the DLQ subject (when `deadLetter` is true) and terminate it.
        case giveUp(reason: GiveUpReason, deadLetter: Bool)
    }

    /// Why a message was given up on; its ``rawValue`` is the value of ``BridgeHeader/reason``.
    public enum GiveUpReason: String, Sendable, Hashable {
        /// It failed on its `max_deliver`th delivery.
        case maxDeliver = "max_deliver"
        /// The handler threw ``PermanentFailure``.
        case permanent
        /// It is not an envelope.
        case malformed
    }

    /// Deliveries before giving up.
    public var maxDeliver: Int
    /// The configuration's backoff list.
    public var configuration: BridgeConfiguration

    /// The policy of a configuration: its `max_deliver`, `backoff` and `use_dlq`.
    public init(_ configuration: BridgeConfiguration) {
        self.configuration = configuration
        self.maxDeliver = configuration.maxDeliver
    }

    /// The decision for a handler that threw `error` on delivery number `deliveries`.
    public func decide(error: any Error, deliveries: Int) -> Decision {
        if error is PermanentFailure { return .giveUp(reason: .permanent, deadLetter: configuration.useDLQ) }
        if deliveries >= maxDeliver { return .giveUp(reason: .maxDeliver, deadLetter: configuration.useDLQ) }
        return .retry(delay: configuration.backoffDelay(afterDelivery: deliveries))
    }
}
