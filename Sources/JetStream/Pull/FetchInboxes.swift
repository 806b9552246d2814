import NATS
import Synchronization

/// The inbox of one fetch: a subscription to `<inbox>.*` and the reply subject of this fetch's request under it.
struct FetchInbox: Sendable {
    let subscription: NATSSubscription
    /// `<inbox>.`, the subscription's subject without its wildcard.
    let prefix: String
    /// The reply subject of the current request, `<inbox>.<n>`: the server's status frames for it come on this subject.
    let replySubject: String

    init(subscription: NATSSubscription, prefix: String, request: UInt64) {
        self.subscription = subscription
        self.prefix = prefix
        self.replySubject = prefix + String(request)
    }
}

/// Keeps the inbox subscription of a pull consumer's fetches from one fetch to the next, as nats.go's pull
/// subscription does, so that a fetch costs the server no `SUB` and `UNSUB` and the client no new buffer.
///
/// A fetch takes the idle inbox or subscribes a new one, and gives it back only when the server is done with its
/// request: the batch is full, or the server ended the request with a status. Then nothing of that request can still
/// arrive. An inbox whose request may still deliver (a fetch stopped early, timed out or failed) is unsubscribed
/// instead, so no late message ends up in a later fetch. Each request replies to its own subject under the inbox,
/// so a late status frame is told from the current request's by its subject.
final class FetchInboxes: Sendable {
    private struct State {
        var idle: FetchInbox?
        var requests: UInt64 = 0
    }

    private let state = Mutex(State())

    /// An inbox for one request: the idle one, or a new subscription.
    nonisolated(nonsending) func take(client: NATSClient) async throws -> FetchInbox {
        let (idle, request) = state.withLock { state in
            state.requests += 1
            defer { state.idle = nil }
            return (state.idle, state.requests)
        }
        if let idle { return FetchInbox(subscription: idle.subscription, prefix: idle.prefix, request: request) }
        let prefix = client.newInbox() + "."
        let subscription = try await client.subscribe(prefix + "*", limits: .unlimited)
        return FetchInbox(subscription: subscription, prefix: prefix, request: request)
    }

    /// Keeps an inbox whose request the server has ended, for the next fetch; unsubscribes it if one is kept already.
    func giveBack(_ inbox: FetchInbox) {
        let kept = state.withLock { state in
            guard state.idle == nil else { return false }
            state.idle = inbox
            return true
        }
        if !kept { Self.discard(inbox.subscription) }
    }

    /// Unsubscribes an inbox whose request may still deliver.
    static func discard(_ subscription: NATSSubscription) {
        Task { try? await subscription.unsubscribe() }
    }

    deinit {
        if let idle = state.withLock({ $0.idle }) { Self.discard(idle.subscription) }
    }
}
