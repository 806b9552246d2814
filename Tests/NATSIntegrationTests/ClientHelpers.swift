import NATS
import NATSTestSupport
import NIOCore
import Synchronization

/// Connects to a test server with options suited to tests (fast reconnects, short timeouts).
func connect(to server: TestNATSServer, configure: (inout NATSClientOptions) -> Void = { _ in }) async throws -> NATSClient {
    try await connect(urls: [server.url], configure: configure)
}

func connect(urls: [String], configure: (inout NATSClientOptions) -> Void = { _ in }) async throws -> NATSClient {
    var options = NATSClientOptions(servers: urls)
    options.reconnect.wait = .milliseconds(100)
    options.reconnect.jitter = .milliseconds(20)
    options.reconnect.maxAttempts = -1
    configure(&options)
    return try await NATSClient.connect(options)
}

/// Collects `count` messages from a subscription, failing after `timeout`.
func collect(_ count: Int, from subscription: NATSSubscription, timeout: Duration = .seconds(10)) async throws -> [NATSMessage] {
    try await withTimeout(timeout, "waiting for \(count) messages on \(subscription.subject)") {
        var messages: [NATSMessage] = []
        for try await message in subscription {
            messages.append(message)
            if messages.count == count { break }
        }
        return messages
    }
}

/// Records a client's events from the moment it is created, so a test can wait for one that already happened.
final class EventLog: Sendable {
    private final class Events: Sendable {
        let list = Mutex<[NATSEvent]>([])
    }

    private let recorded = Events()
    private let task: Task<Void, Never>

    init(_ client: NATSClient) {
        let stream = client.events
        let recorded = self.recorded
        task = Task {
            for await event in stream { recorded.list.withLock { $0.append(event) } }
        }
    }

    deinit { task.cancel() }

    /// Waits for the first recorded event matching `predicate` (and removes the events up to it).
    @discardableResult
    func wait(timeout: Duration = .seconds(10), for predicate: @escaping @Sendable (NATSEvent) -> Bool) async throws -> NATSEvent {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let match: NATSEvent? = recorded.list.withLock { events in
                guard let index = events.firstIndex(where: predicate) else { return nil }
                let event = events[index]
                events.removeSubrange(...index)
                return event
            }
            if let match { return match }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestTimeout(what: "waiting for a client event (seen: \(recorded.list.withLock { $0 }))", timeout: timeout)
    }
}

extension NATSEvent {
    var isDisconnected: Bool { if case .disconnected = self { true } else { false } }
    var isReconnected: Bool { if case .reconnected = self { true } else { false } }
}
