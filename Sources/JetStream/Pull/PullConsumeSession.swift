import Logging
import NATS
import NIOCore
import Synchronization

/// Runs continuous consumption: one inbox subscription, a reader task feeding the bookkeeping and the
/// queue, and a timer task for the heartbeat watchdog, back-off and reconnects. The reader runs on the client's event
/// loop, where the messages are decoded, so they reach the queue with no hand-off between threads.
@usableFromInline
final class PullConsumeSession: Sendable {
    private struct State {
        var machine: PullConsumeStateMachine<ContinuousClock>
        var wasConnected = true
    }

    let consumer: PullConsumer
    let inbox: String
    let queue = MessageQueue()
    private let subscription: NATSSubscription
    private let state: Mutex<State>
    private let background: PullSessionTasks
    private let logger: Logger
    private let nextSubject: String

    private init(consumer: PullConsumer, options: PullConsumeOptions, inbox: String, subscription: NATSSubscription, logger: Logger) {
        self.consumer = consumer
        self.inbox = inbox
        self.subscription = subscription
        self.background = PullSessionTasks(subscription: subscription)
        self.logger = logger
        self.nextSubject = consumer.nextSubject
        self.state = Mutex(State(machine: PullConsumeStateMachine(options: options, now: .now)))
    }

    /// Subscribes, sends the first pull and starts the tasks.
    static func start(consumer: PullConsumer, options: PullConsumeOptions, logger: Logger) async throws -> PullConsumeSession {
        try options.validate()
        let client = consumer.context.client
        let inbox = client.newInbox()
        let subscription: NATSSubscription
        do {
            subscription = try await client.subscribe(inbox, limits: .unlimited)
        } catch {
            throw JetStreamError(clientError: error, while: "subscribing to the pull inbox")
        }
        let session = PullConsumeSession(consumer: consumer, options: options, inbox: inbox, subscription: subscription, logger: logger)
        let first = session.state.withLock { $0.machine.start(now: .now) }
        let reader = Task(executorPreference: client.taskExecutor) { await session.readLoop() }
        let timer = Task { await session.timerLoop() }
        session.background.adopt([reader, timer])
        await session.send(first)
        return session
    }

    /// The next message already received, with the pull its taking makes due, without suspending; `nil` when the
    /// consumer has to wait with ``next()``.
    @usableFromInline
    func nextAtHand() -> (message: JetStreamMessage, pull: PullRequest?)? {
        guard let message = queue.nextAtHand() else { return nil }
        return (message, consumed(message))
    }

    /// The next message for the reader, waiting for one; `nil` after ``stop()``.
    @usableFromInline
    nonisolated(nonsending) func next() async throws -> JetStreamMessage? {
        guard let message = try await queue.next() else { return nil }
        if let pull = consumed(message) { await send(pull) }
        return message
    }

    /// Books a message handed to the reader; returns a pull when the prefetch ran low.
    private func consumed(_ message: JetStreamMessage) -> PullRequest? {
        let size = message.accountedSize
        return state.withLock { $0.machine.messageConsumed(size: size, now: .now) }
    }

    /// Stops pulling, ends the sequence and unsubscribes.
    func stop() {
        finish(failure: nil)
    }

    private func finish(failure: JetStreamError?) {
        state.withLock { $0.machine.finish() }
        queue.finish(failure: failure)
        background.release()
    }

    /// Moves what arrives on the inbox to the queue, a read of the socket at a time (one clock reading, one lock each
    /// for the bookkeeping and the queue), and handles the status frames.
    private func readLoop() async {
        let client = consumer.context.client
        do {
            var messages = subscription.makeAsyncIterator()
            var run: [JetStreamMessage] = []
            while var message = try await messages.next() {
                while true {
                    if let status = PullStatus(message) {
                        deliver(&run)
                        await handle(status)
                    } else {
                        run.append(JetStreamMessage(message: message, client: client))
                    }
                    guard let buffered = messages.nextBuffered() else { break }
                    message = buffered
                }
                deliver(&run)
            }
            if !queue.isFinished {
                finish(failure: JetStreamError(.connectionClosed, "the connection closed while consuming"))
            }
        } catch {
            finish(failure: JetStreamError(clientError: error, while: "consuming"))
        }
    }

    /// Books a run of received messages and queues them for the reader.
    private func deliver(_ run: inout [JetStreamMessage]) {
        guard !run.isEmpty else { return }
        let now = ContinuousClock.now
        state.withLock { state in
            for message in run { state.machine.messageReceived(size: message.accountedSize, now: now) }
        }
        queue.push(contentsOf: run)
        run.removeAll(keepingCapacity: true)
    }

    private func handle(_ status: PullStatus) async {
        let action = state.withLock { $0.machine.statusReceived(status, now: .now) }
        switch action {
        case .none:
            break
        case .pull(let request):
            await send(request)
        case .warn(let warning):
            logger.debug("pull consumer warning", metadata: ["consumer": "\(consumer.name)", "warning": "\(warning.message)"])
            if warning.code == .noResponders { await checkConsumerStillExists() }
        case .fail(let error):
            finish(failure: error)
        }
    }

    /// After a 503, tells a deleted consumer (terminal) from a stream that is briefly unavailable.
    private func checkConsumerStillExists() async {
        do {
            _ = try await consumer.info()
        } catch let error as JetStreamError where error.errorCode == .consumerNotFound || error.errorCode == .streamNotFound {
            finish(failure: JetStreamError(.consumerDeleted, "consumer \(consumer.name) no longer exists", apiError: error.apiError))
        } catch {
            // Unreachable for now; the back-off retries.
        }
    }

    private func timerLoop() async {
        let client = consumer.context.client
        while !Task.isCancelled {
            let deadline = state.withLock { $0.machine.deadline }
            let now = ContinuousClock.now
            let wake = min(deadline ?? now.advanced(by: .milliseconds(250)), now.advanced(by: .milliseconds(250)))
            try? await Task.sleep(until: wake, clock: .continuous)
            if Task.isCancelled { return }
            let connected = client.isConnected
            let action: PullConsumeStateMachine<ContinuousClock>.TimerAction = state.withLock { state in
                let now = ContinuousClock.now
                if !connected {
                    if state.wasConnected {
                        state.wasConnected = false
                        state.machine.connectionLost()
                    }
                    return .none
                }
                if !state.wasConnected {
                    state.wasConnected = true
                    if let request = state.machine.connectionRestored(now: now) { return .pull(request, missedHeartbeats: false) }
                    return .none
                }
                return state.machine.timerFired(now: now)
            }
            if case .pull(let request, let missed) = action {
                if missed { logger.debug("pull consumer missed heartbeats; pulling again", metadata: ["consumer": "\(consumer.name)"]) }
                await send(request)
            }
        }
    }

    @usableFromInline
    nonisolated(nonsending) func send(_ request: PullRequest) async {
        do {
            try await consumer.context.client.publish(nextSubject, payload: request.body, replyTo: inbox)
        } catch {
            logger.debug("pull request not sent", metadata: ["consumer": "\(consumer.name)", "error": "\(error)"])
        }
    }
}
