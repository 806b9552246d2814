import NATS
import NIOCore
import Synchronization

/// Publishes to streams without waiting for each acknowledgement, keeping at most
/// ``Options/maxPending`` unacknowledged.
///
/// All acknowledgements come back on one inbox subscription (`<inbox>.<n>`), matched to their publish
/// by the last token, so a publish costs one message out and one in. When the window is full, publishing
/// waits for acknowledgements to free it (backpressure). Acknowledgements that do not come within
/// ``Options/ackTimeout``, or are pending when the connection drops, fail their ``PubAckFuture``.
///
/// ```swift
/// let publisher = try await js.makePublisher()
/// for event in events {
///     _ = try await publisher.publish("orders.created", payload: event, options: PublishOptions(messageID: event.id))
/// }
/// try await publisher.waitForPendingAcks()
/// await publisher.close()
/// ```
public final class JetStreamPublisher: Sendable {
    /// How the publisher bounds and times out pending acknowledgements.
    public struct Options: Sendable, Hashable {
        /// The most publishes waiting for their acknowledgement. Defaults to 4,000.
        public var maxPending: Int = 4000
        /// How long an acknowledgement may take. Defaults to 5 seconds.
        public var ackTimeout: Duration = .seconds(5)

        /// Creates options.
        public init(maxPending: Int = 4000, ackTimeout: Duration = .seconds(5)) {
            self.maxPending = maxPending
            self.ackTimeout = ackTimeout
        }
    }

    private struct Entry {
        var id: UInt64
        var deadline: ContinuousClock.Instant
    }

    private struct State {
        var pending: [UInt64: PubAckFuture] = [:]
        var order = CircularBuffer<Entry>(initialCapacity: 1024)
        var nextID: UInt64 = 1
        var windowWaiters = CircularBuffer<CheckedContinuation<Void, any Error>>()
        var drainWaiters: [CheckedContinuation<Void, any Error>] = []
        var closed = false
        var wasConnected = true
    }

    /// The context publishes go through.
    public let context: JetStreamContext
    /// The options in effect.
    public let options: Options
    private let replyPrefix: String
    private let replyPrefixLength: Int
    private let subscription: NATSSubscription
    private let state = Mutex(State())
    private let tasks = Mutex<[Task<Void, Never>]>([])

    private init(context: JetStreamContext, options: Options, replyPrefix: String, subscription: NATSSubscription) {
        self.context = context
        self.options = options
        self.replyPrefix = replyPrefix
        self.replyPrefixLength = replyPrefix.utf8.count
        self.subscription = subscription
    }

    /// Subscribes to the acknowledgement inbox and starts the publisher.
    static func start(context: JetStreamContext, options: Options) async throws -> JetStreamPublisher {
        guard options.maxPending > 0 else { throw JetStreamError(.invalidArgument, "maxPending must be positive") }
        let inbox = context.client.newInbox()
        let subscription: NATSSubscription
        do {
            subscription = try await context.client.subscribe(inbox + ".*", limits: .unlimited)
        } catch {
            throw JetStreamError(clientError: error, while: "subscribing to the acknowledgement inbox")
        }
        let publisher = JetStreamPublisher(context: context, options: options, replyPrefix: inbox + ".", subscription: subscription)
        let reader = Task(executorPreference: context.client.taskExecutor) { await publisher.readLoop() }
        let sweeper = Task { await publisher.sweepLoop() }
        publisher.tasks.withLock { $0 = [reader, sweeper] }
        return publisher
    }

    /// How many publishes wait for their acknowledgement.
    public var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Publishes a message; returns once it is sent, waiting first while the window is full.
    /// - Returns: The acknowledgement to come.
    /// - Throws: ``JetStreamError`` when the publisher is closed, the options are invalid, or the client
    ///   cannot send (the acknowledgement's own failures go to the returned future).
    @discardableResult
    public func publish(
        _ subject: String,
        payload: ByteBuffer = ByteBuffer(),
        headers: NATSHeaders? = nil,
        options: PublishOptions = PublishOptions()
    )
        async throws -> PubAckFuture
    {
        let headers = try options.apply(to: headers)
        let future = PubAckFuture()
        let id = try await reserve(future)
        do {
            try await context.client.publish(subject, payload: payload, headers: headers, replyTo: replyPrefix + String(id))
        } catch {
            let failure = JetStreamError(clientError: error, while: "publishing to \(subject)")
            release(id: id)
            future.complete(.failure(failure))
            throw failure
        }
        return future
    }

    /// Publishes a UTF-8 string; see ``publish(_:payload:headers:options:)``.
    @discardableResult
    public func publish(
        _ subject: String,
        _ string: String,
        headers: NATSHeaders? = nil,
        options: PublishOptions = PublishOptions()
    )
        async throws -> PubAckFuture
    {
        try await publish(subject, payload: ByteBuffer(string: string), headers: headers, options: options)
    }

    /// Waits until every publish so far is acknowledged or failed.
    public func waitForPendingAcks() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ready = state.withLock { state in
                if state.pending.isEmpty { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Fails what is pending, stops the publisher and unsubscribes.
    public func close() async {
        let failed = failAll(JetStreamError(.connectionClosed, "the publisher was closed"), closing: true)
        _ = failed
        let tasks = self.tasks.withLock { tasks in
            let current = tasks
            tasks = []
            return current
        }
        for task in tasks { task.cancel() }
        try? await subscription.unsubscribe()
    }

    /// Takes a slot in the window, waiting while it is full; returns the publish's id.
    private func reserve(_ future: PubAckFuture) async throws -> UInt64 {
        while true {
            enum Outcome {
                case reserved(UInt64)
                case full
            }
            let deadline = ContinuousClock.now.advanced(by: options.ackTimeout)
            let outcome: Outcome = try state.withLock { state in
                if state.closed { throw JetStreamError(.connectionClosed, "the publisher is closed") }
                guard state.pending.count < options.maxPending else { return .full }
                let id = state.nextID
                state.nextID += 1
                state.pending[id] = future
                state.order.append(Entry(id: id, deadline: deadline))
                return .reserved(id)
            }
            if case .reserved(let id) = outcome { return id }
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state in
                    if state.closed || state.pending.count < options.maxPending { return true }
                    state.windowWaiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Frees the slot of a publish that was not sent.
    private func release(id: UInt64) {
        let waiters = state.withLock { state in
            state.pending[id] = nil
            return takeWaiters(&state, freed: 1)
        }
        resume(waiters)
    }

    private func readLoop() async {
        do {
            for try await message in subscription {
                guard let id = parseID(message.subject) else { continue }
                let (future, waiters) = state.withLock { state in
                    let future = state.pending.removeValue(forKey: id)
                    while let first = state.order.first, state.pending[first.id] == nil { state.order.removeFirst() }
                    return (future, future == nil ? nil : takeWaiters(&state, freed: 1))
                }
                guard let future else { continue }
                // Settle the future before waking waiters, so `waitForPendingAcks()` never returns ahead of a result.
                if let status = message.status, message.payload.readableBytes == 0 {
                    future.complete(.failure(JetStreamError(.noResponders, "no stream stored the message (status \(status))")))
                } else {
                    do {
                        future.complete(.success(try PubAck.parse(message.payload)))
                    } catch {
                        future.complete(.failure(error))
                    }
                }
                if let waiters { resume(waiters) }
            }
        } catch {
            // The subscription failed; the sweeper fails what is left.
        }
        _ = failAll(JetStreamError(.connectionClosed, "the acknowledgement subscription ended"), closing: true)
    }

    /// Fails acknowledgements past their deadline, and all of them when the connection drops.
    private func sweepLoop() async {
        let period = min(options.ackTimeout / 4, .milliseconds(250))
        while !Task.isCancelled {
            try? await Task.sleep(for: period)
            if Task.isCancelled { return }
            let connected = context.client.isConnected
            let dropped: Bool = state.withLock { state in
                defer { state.wasConnected = connected }
                return state.wasConnected && !connected
            }
            if dropped {
                _ = failAll(JetStreamError(.connectionClosed, "the connection dropped before the acknowledgement came"), closing: false)
                continue
            }
            let now = ContinuousClock.now
            let (expired, waiters): ([PubAckFuture], Waiters) = state.withLock { state in
                var expired: [PubAckFuture] = []
                while let first = state.order.first, first.deadline <= now || state.pending[first.id] == nil {
                    state.order.removeFirst()
                    if let future = state.pending.removeValue(forKey: first.id) { expired.append(future) }
                }
                return (expired, takeWaiters(&state, freed: expired.count))
            }
            for future in expired {
                future.complete(.failure(JetStreamError(.timeout, "no acknowledgement within \(options.ackTimeout)")))
            }
            resume(waiters)
        }
    }

    private typealias Waiters = (window: [CheckedContinuation<Void, any Error>], drain: [CheckedContinuation<Void, any Error>])

    /// Takes the waiters that freed slots and an empty window release.
    private func takeWaiters(_ state: inout State, freed: Int) -> Waiters {
        var window: [CheckedContinuation<Void, any Error>] = []
        var count = freed
        while count > 0, let waiter = state.windowWaiters.popFirst() {
            window.append(waiter)
            count -= 1
        }
        var drain: [CheckedContinuation<Void, any Error>] = []
        if state.pending.isEmpty, !state.drainWaiters.isEmpty {
            drain = state.drainWaiters
            state.drainWaiters = []
        }
        return (window, drain)
    }

    private func resume(_ waiters: Waiters) {
        for waiter in waiters.window { waiter.resume() }
        for waiter in waiters.drain { waiter.resume() }
    }

    /// Fails every pending acknowledgement; `closing` also refuses further publishes.
    private func failAll(_ error: JetStreamError, closing: Bool) -> Int {
        let (futures, windowWaiters, drainWaiters) = state.withLock { state in
            if closing { state.closed = true }
            let futures = Array(state.pending.values)
            state.pending.removeAll()
            state.order.removeAll()
            let window = Array(state.windowWaiters)
            state.windowWaiters.removeAll()
            let drain = state.drainWaiters
            state.drainWaiters = []
            return (futures, window, drain)
        }
        for future in futures { future.complete(.failure(error)) }
        for waiter in windowWaiters { waiter.resume() }
        for waiter in drainWaiters { waiter.resume() }
        return futures.count
    }

    /// The publish id in the last token of an acknowledgement's subject.
    private func parseID(_ subject: String) -> UInt64? {
        var value: UInt64 = 0
        var digits = 0
        for byte in subject.utf8.dropFirst(replyPrefixLength) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}

extension JetStreamContext {
    /// Creates an asynchronous publisher with its own acknowledgement inbox.
    public func makePublisher(options: JetStreamPublisher.Options = JetStreamPublisher.Options()) async throws -> JetStreamPublisher {
        try await JetStreamPublisher.start(context: self, options: options)
    }
}
