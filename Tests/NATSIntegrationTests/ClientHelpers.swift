import NATS
import NATSTestSupport
import NIOCore

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

/// Runs `body`, failing with a message naming `what` when it takes longer than `timeout`.
func withTimeout<T: Sendable>(_ timeout: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TimeoutError(what: what, timeout: timeout)
        }
        let result = try await group.next()!
        group.cancelAll()
        return result
    }
}

struct TimeoutError: Error, CustomStringConvertible {
    var what: String
    var timeout: Duration
    var description: String { "timed out after \(timeout) \(what)" }
}

/// Waits for the first event matching `predicate`.
func waitForEvent(_ client: NATSClient, timeout: Duration = .seconds(10), _ predicate: @escaping @Sendable (NATSEvent) -> Bool) async throws
    -> NATSEvent
{
    try await withTimeout(timeout, "waiting for a client event") {
        for await event in client.events where predicate(event) { return event }
        throw TimeoutError(what: "event stream ended", timeout: timeout)
    }
}
