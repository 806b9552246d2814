import NATS
import NIOCore
import Synchronization

/// Runs one fetch: an inbox subscription, one pull request, a reader task and a deadline task.
final class PullFetchSession: Sendable {
    let queue = MessageQueue()
    private let machine: Mutex<FetchStateMachine<ContinuousClock>>
    private let subscription: NATSSubscription
    private let client: NATSClient
    private let background: PullSessionTasks

    private init(options: PullFetchOptions, subscription: NATSSubscription, client: NATSClient) {
        self.machine = Mutex(FetchStateMachine(options: options, now: .now))
        self.subscription = subscription
        self.background = PullSessionTasks(subscription: subscription)
        self.client = client
    }

    /// Subscribes, sends the request and starts the tasks.
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
        let reader = Task { await session.readLoop() }
        let timer = Task { await session.timerLoop() }
        session.background.adopt([reader, timer])
        return session
    }

    /// Ends the fetch early.
    func stop() {
        finish(.finish)
    }

    private func finish(_ action: FetchStateMachine<ContinuousClock>.Action) {
        switch action {
        case .fail(let error): queue.finish(failure: error)
        default: queue.finish()
        }
        background.release()
    }

    private func readLoop() async {
        do {
            var messages = subscription.makeAsyncIterator()
            while let message = try await messages.next() {
                defer { if !messages.hasBufferedMessages { queue.wake() } }
                if let status = PullStatus(message) {
                    let action = machine.withLock { $0.statusReceived(status, now: .now) }
                    switch action {
                    case .finish, .fail: finish(action)
                    default: break
                    }
                } else {
                    let jetStreamMessage = JetStreamMessage(message: message, client: client)
                    let action = machine.withLock { $0.messageReceived(size: jetStreamMessage.accountedSize, now: .now) }
                    switch action {
                    case .deliver:
                        queue.push(jetStreamMessage, wake: false)
                    case .deliverAndFinish:
                        queue.push(jetStreamMessage)
                        finish(.finish)
                    default:
                        break
                    }
                }
            }
            if !queue.isFinished {
                finish(.fail(JetStreamError(.connectionClosed, "the connection closed during the fetch")))
            }
        } catch {
            finish(.fail(JetStreamError(clientError: error, while: "fetching")))
        }
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
