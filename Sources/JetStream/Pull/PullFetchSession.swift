import NATS
import NIOCore
import Synchronization

/// Runs one fetch: an inbox, one pull request, and a deadline timer on the client's event loop. The consuming task
/// reads the inbox itself (``next(from:)``), so a message goes from the connection's event loop straight to it, with
/// no task between.
@usableFromInline
final class PullFetchSession: Sendable {
    private struct State {
        var machine: FetchStateMachine<ContinuousClock>
        /// Set when the fetch ends; the consumer takes a failure from it once.
        var ending: Ending?
    }

    private enum Ending {
        case finished
        case failed(JetStreamError)
        case reported
    }

    private let state: Mutex<State>
    let inbox: FetchInbox
    private let inboxes: FetchInboxes
    private let client: NATSClient
    private let timer = Mutex(Timer())

    /// The deadline timer; once stopped, it is not armed again.
    private struct Timer {
        var scheduled: Scheduled<Void>?
        var stopped = false
    }

    /// The inbox subscription the consuming task reads.
    var subscription: NATSSubscription { inbox.subscription }

    private init(options: PullFetchOptions, inbox: FetchInbox, inboxes: FetchInboxes, client: NATSClient) {
        self.state = Mutex(State(machine: FetchStateMachine(options: options, now: .now)))
        self.inbox = inbox
        self.inboxes = inboxes
        self.client = client
    }

    /// Takes an inbox, sends the request and arms the deadline timer.
    nonisolated(nonsending) static func start(consumer: PullConsumer, options: PullFetchOptions) async throws -> PullFetchSession {
        try options.validate()
        let client = consumer.context.client
        let inbox: FetchInbox
        do {
            inbox = try await consumer.fetchInboxes.take(client: client)
        } catch {
            throw JetStreamError(clientError: error, while: "subscribing to the fetch inbox")
        }
        let session = PullFetchSession(options: options, inbox: inbox, inboxes: consumer.fetchInboxes, client: client)
        let request = session.state.withLock { $0.machine.request }
        do {
            try await client.publish(consumer.nextSubject, payload: request.body, replyTo: inbox.replySubject)
        } catch {
            FetchInboxes.discard(inbox.subscription)
            throw JetStreamError(clientError: error, while: "sending the pull request")
        }
        session.armTimer()
        return session
    }

    /// Ends the fetch early.
    func stop() {
        end(.finished)
    }

    /// Ends the fetch (the first end counts): the inbox goes back for the next fetch when the server is done with the
    /// request, and is unsubscribed otherwise, which also ends a consumer waiting on it.
    private func end(_ ending: Ending) {
        let requestIsOver: Bool? = state.withLock { state in
            guard state.ending == nil else { return nil }
            state.ending = ending
            return state.machine.requestIsOver
        }
        guard let requestIsOver else { return }
        timer.withLock { timer in
            timer.stopped = true
            return timer.scheduled
        }?.cancel()
        if requestIsOver {
            inboxes.giveBack(inbox)
        } else {
            FetchInboxes.discard(inbox.subscription)
        }
    }

    private func end(_ action: FetchStateMachine<ContinuousClock>.Action) {
        if case .fail(let error) = action { end(.failed(error)) } else { end(.finished) }
    }

    /// The next message of the fetch that is already at hand, taken without suspending; `nil` when the consumer has
    /// to wait for more with ``next(from:)``. Messages at hand are delivered even after the fetch ended.
    @usableFromInline
    func nextAtHand(from messages: inout NATSSubscription.AsyncIterator) -> JetStreamMessage? {
        while let message = messages.nextBuffered() {
            if let delivered = accept(message) { return delivered }
        }
        return nil
    }

    /// The next message of the fetch, read from the inbox by the consuming task; `nil` at the end. Messages already
    /// taken from the inbox are delivered even after the fetch ended; then a failure is thrown once.
    @usableFromInline
    nonisolated(nonsending) func next(from messages: inout NATSSubscription.AsyncIterator) async throws -> JetStreamMessage? {
        while true {
            if let delivered = nextAtHand(from: &messages) { return delivered }
            // Once ended, the inbox is not read again: it may already serve the next fetch.
            if state.withLock({ $0.ending != nil }) { return try takeEnding() }
            let message: NATSMessage?
            do {
                message = try await messages.next()
            } catch is CancellationError {
                end(.finished)
                throw CancellationError()
            } catch {
                end(.failed(JetStreamError(clientError: error, while: "fetching")))
                continue
            }
            guard let message else {
                // The inbox ended: this fetch unsubscribed it, or the connection closed under it.
                end(.failed(JetStreamError(.connectionClosed, "the connection closed during the fetch")))
                return try takeEnding()
            }
            if let delivered = accept(message) { return delivered }
        }
    }

    /// Books one message of the inbox: returns it when it goes to the consumer; `nil` for a status frame, or for a
    /// message that came after the fetch had finished.
    private func accept(_ message: NATSMessage) -> JetStreamMessage? {
        if let status = PullStatus(message) {
            // A frame on another subject of the inbox is late news of an earlier request.
            guard message.subject == inbox.replySubject else { return nil }
            let action = state.withLock { $0.machine.statusReceived(status, now: .now) }
            switch action {
            case .finish, .fail: end(action)
            default: break
            }
            return nil
        }
        let jetStreamMessage = JetStreamMessage(message: message, client: client)
        let size = jetStreamMessage.accountedSize
        let (action, stopped) = state.withLock { state in
            let now: ContinuousClock.Instant? = state.machine.watchesHeartbeats ? .now : nil
            return (state.machine.messageReceived(size: size, now: now), state.ending != nil)
        }
        switch action {
        case .deliver:
            return jetStreamMessage
        case .deliverAndFinish:
            end(.finished)
            return jetStreamMessage
        default:
            // After the fetch was stopped early, what already arrived is still handed out.
            return stopped ? jetStreamMessage : nil
        }
    }

    /// `nil` for a plain end; the failure, once, for a failed one.
    private func takeEnding() throws -> JetStreamMessage? {
        let failure: JetStreamError? = state.withLock { state in
            guard case .failed(let error) = state.ending else { return nil }
            state.ending = .reported
            return error
        }
        if let failure { throw failure }
        return nil
    }

    /// Arms the timer for the machine's deadline: the request's end plus grace, or two missed heartbeats.
    private func armTimer() {
        guard let deadline = state.withLock({ $0.machine.deadline }) else { return }
        let scheduled = client.eventLoop.scheduleTask(in: TimeAmount(deadline - .now)) { self.timerFired() }
        let armed = timer.withLock { timer in
            guard !timer.stopped else { return false }
            timer.scheduled = scheduled
            return true
        }
        if !armed { scheduled.cancel() }
    }

    private func timerFired() {
        let action = state.withLock { $0.machine.timerFired(now: .now) }
        switch action {
        case .finish, .fail: end(action)
        default: armTimer()
        }
    }
}
