import JetStream
import NATS
import NATSTestSupport
import NIOCore

/// Connects to a test server with fast reconnects.
func connect(urls: [String]) async throws -> NATSClient {
    var options = NATSClientOptions(servers: urls)
    options.reconnect.wait = .milliseconds(100)
    options.reconnect.jitter = .milliseconds(20)
    options.reconnect.maxAttempts = -1
    return try await NATSClient.connect(options)
}

/// Starts a server, connects a JetStream context to it, runs `body`, and cleans up however it ends.
func withJetStream<T>(_ body: (JetStreamContext, TestNATSServer) async throws -> T) async throws -> T {
    try await TestNATSServer.withServer { server in
        let client = try await connect(urls: [server.url])
        do {
            let result = try await body(JetStreamContext(client: client), server)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }
}

/// Publishes `count` messages `prefix-<i>` to `subject` and waits for each acknowledgement.
func fill(_ js: JetStreamContext, subject: String, count: Int, prefix: String = "m") async throws {
    for index in 0..<count {
        _ = try await js.publish(subject, "\(prefix)-\(index)")
    }
}

/// Creates stream `S` on subject `s` holding `count` messages `m-<i>`, and on it the pull consumer `config` describes
/// (durable `w` by default).
func makeConsumerOnFilledStream(
    _ js: JetStreamContext,
    count: Int,
    config: ConsumerConfig = ConsumerConfig(durableName: "w")
) async throws -> PullConsumer {
    _ = try await js.createStream(StreamConfig(name: "S", subjects: ["s"]))
    try await fill(js, subject: "s", count: count)
    return try await js.createPullConsumer(stream: "S", config: config)
}

/// Runs `body` on the client's event loop (`withTaskExecutorPreference(client.taskExecutor)`). `body` calls the
/// checkpoint it is given wherever it wants to be on the loop; `offLoop` counts the checkpoints reached elsewhere.
func onEventLoop<T>(of client: NATSClient, _ body: (_ checkpoint: () -> Void) async throws -> T) async throws -> (T, offLoop: Int) {
    try await withTaskExecutorPreference(client.taskExecutor) {
        var offLoop = 0
        let result = try await body { if !client.eventLoop.inEventLoop { offLoop += 1 } }
        return (result, offLoop)
    }
}

/// Reads all messages of a fetch.
func collect(_ messages: FetchedMessages) async throws -> [JetStreamMessage] {
    var result: [JetStreamMessage] = []
    for try await message in messages { result.append(message) }
    return result
}

/// Starts a server with or without JetStream and hands its URL to `body`.
enum NATSTestSupportBridge {
    static func withServer<T>(jetStream: Bool, _ body: (String) async throws -> T) async throws -> T {
        try await TestNATSServer.withServer(jetStream: jetStream) { server in try await body(server.url) }
    }
}
