import NATS
import NIOCore
import Synchronization

/// Runs one fetch: an inbox subscription, one pull request, and a deadline task. The consuming task reads the inbox
/// itself (``next(from:)``), so a message goes from the connection's event loop straight to it, with no task between.
final class PullFetchSession: Sendable {
    private let machine: Mutex<FetchStateMachine<ContinuousClock>>
    /// Set when the fetch ends: `nil` inside for a plain end, the error for a failed one; taken by the consumer.
    private let ending = Mutex<Ending?>(nil)
    let subscription: NATSSubscription
    private let client: NATSClient
    private let background: PullSessionTasks

    private enum Ending {
        case finished
        case failed(JetStreamError)
        case reported
    }

    private init(options: PullFetchOptions, subscription: NATSSubscription, client: NATSClient) {
        self.machine = Mutex(FetchStateMachine(options: options, now: .now))
        self.subscription = subscription
        self.background = PullSessionTasks(subscription: subscription)
        self.client = client
    }

    /// Subscribes, sends the request and starts the deadline task.
    static func start(consumer: PullConsumer, options: PullFetchOptions) async throws -> PullFetchSession {
        try options.validate()
        let client = consumer.context.client
        let inbox = client.newInbox()
        let subscription: NATSSubscription
        do {
            subscription = try await client.subscribe(inbox, limits: .unlimited)
        } catch {
            throw JetStreamError(clientError: error, while: "subscribing to the fetch inbox")
        }
        let session = PullFetchSession(options: options, subscription: subscription, client: client)
        let request = session.machine.withLock { $0.request }
        do {
            try await client.publish(consumer.nextSubject, payload: try JetStreamJSON.encode(request), replyTo: inbox)
        } catch {
            try? await subscription.unsubscribe()
            throw JetStreamError(clientError: error, while: "sending the pull request")
        }
        let timer = Task { await session.timerLoop() }
        session.background.adopt([timer])
        return session
    }

    /// Ends the fetch early.
    func stop() {
        finish(.finish)
    }

    /// Ends the fetch (the first end counts) and unsubscribes the inbox, which ends a consumer waiting on it.
    private func finish(_ action: FetchStateMachine<ContinuousClock>.Action) {
        let first = ending.withLock { ending in
            guard ending == nil else { return false }
            if case .fail(let error) = action { ending = .failed(error) } else { ending = .finished }
            return true
        }
        if first { background.release() }
    }

    /// The next message of the fetch, read from the inbox by the consuming task; `nil` at the end. Messages already
    /// taken from the inbox are delivered even after the fetch ended; then a failure is thrown once.
    func next(from messages: inout NATSSubscription.AsyncIterator) async throws -> JetStreamMessage? {
        while true {
            if ending.withLock({ $0 != nil }), !messages.hasBufferedMessages { return try takeEnding() }
            let message: NATSMessage?
            do {
                message = try await messages.next()
            } catch is CancellationError {
                finish(.finish)
                throw CancellationError()
            } catch {
                finish(.fail(JetStreamError(clientError: error, while: "fetching")))
                continue
            }
            guard let message else {
                // The inbox ended: this fetch finished it, or the connection closed under it.
                finish(.fail(JetStreamError(.connectionClosed, "the connection closed during the fetch")))
                return try takeEnding()
            }
            if let status = PullStatus(message) {
                let action = machine.withLock { $0.statusReceived(status, now: .now) }
                switch action {
                case .finish, .fail: finish(action)
                default: break
                }
                continue
            }
            let jetStreamMessage = JetStreamMessage(message: message, client: client)
            let stopped = ending.withLock { $0 != nil }
            let action = machine.withLock { $0.messageReceived(size: jetStreamMessage.accountedSize, now: .now) }
            switch action {
            case .deliver:
                return jetStreamMessage
            case .deliverAndFinish:
                finish(.finish)
                return jetStreamMessage
            default:
                // Arrived after the fetch was stopped early: it already arrived, so it is still handed out.
                if stopped { return jetStreamMessage }
            }
        }
    }

    /// `nil` for a plain end; the failure, once, for a failed one.
    private func takeEnding() throws -> JetStreamMessage? {
        let failure: JetStreamError? = ending.withLock { ending in
            guard case .failed(let error) = ending else { return nil }
            ending = .reported
            return error
        }
        if let failure { throw failure }
        return nil
    }

    private func timerLoop() async {
        while !Task.isCancelled {
            guard let deadline = machine.withLock({ $0.deadline }) else { return }
            try? await Task.sleep(until: deadline, clock: .continuous)
            if Task.isCancelled { return }
            let action = machine.withLock { $0.timerFired(now: .now) }
            switch action {
            case .finish, .fail:
                finish(action)
                return
            default:
                continue
            }
        }
    }
}
