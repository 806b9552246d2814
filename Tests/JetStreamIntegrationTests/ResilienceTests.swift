import JetStream
import NATS
import NATSTestSupport
import Synchronization
import Testing

/// Consumption across a server restart and a node failure: nothing is lost.
@Suite struct ResilienceTests {
    /// Records what a consumer saw: each payload once, and how often it came again.
    final class Tally: Sendable {
        private let state = Mutex<(seen: Set<String>, redeliveries: Int)>(([], 0))
        func record(_ payload: String) -> Int {
            state.withLock { state in
                if !state.seen.insert(payload).inserted { state.redeliveries += 1 }
                return state.seen.count
            }
        }
        var seen: Set<String> { state.withLock { $0.seen } }
        var redeliveries: Int { state.withLock { $0.redeliveries } }
    }

    @Test func aServerRestartDuringMessagesLosesNothing() async throws {
        try await withJetStream { js, server in
            _ = try await js.createStream(StreamConfig(name: "R", subjects: ["r"], storage: .file))
            var consumerConfig = ConsumerConfig(durableName: "w")
            consumerConfig.ackWait = .seconds(2)
            let consumer = try await js.createPullConsumer(stream: "R", config: consumerConfig)
            try await fill(js, subject: "r", count: 1000, prefix: "before")

            var options = PullConsumeOptions(maxMessages: 100, expires: .seconds(4))
            options.idleHeartbeat = .seconds(1)
            let messages = try await consumer.messages(options: options)
            let tally = Tally()
            // Acknowledges everything until stopped: an acknowledgement lost with the server comes back as a
            // redelivery after the ack wait, maybe after all 2,000 were seen once, and must be acknowledged too.
            let consuming = Task {
                for try await message in messages {
                    try? await message.ack()
                    _ = tally.record(message.string)
                }
            }
            while tally.seen.count < 300 { try await Task.sleep(for: .milliseconds(10)) }
            await server.kill()
            try await Task.sleep(for: .milliseconds(500))
            try await server.restart()
            var publish = PublishOptions()
            publish.retryAttempts = 40
            for index in 0..<1000 {
                publish.messageID = "after-\(index)"
                _ = try await js.publish("r", "after-\(index)", options: publish)
            }
            try await withTimeout(.seconds(60), "consuming all 2000 messages (seen \(tally.seen.count))") {
                while tally.seen.count < 2000 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(tally.seen == Set((0..<1000).map { "before-\($0)" } + (0..<1000).map { "after-\($0)" }))
            // Every message ends acknowledged on the server.
            try await withTimeout(.seconds(20), "waiting for the ack floor") {
                while true {
                    let info = try await consumer.info()
                    if info.numAckPending == 0 && info.numPending == 0 && info.ackFloor.streamSequence == 2000 { return }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            messages.stop()
            _ = try await consuming.value
            print("restart test: \(tally.redeliveries) redeliveries")
        }
    }

    @Test func anR3StreamSurvivesLosingANode() async throws {
        try await TestNATSCluster.withCluster(nodes: 3) { cluster in
            let client = try await connect(urls: cluster.urls)
            let js = JetStreamContext(client: client, timeout: .seconds(10))
            var streamConfig = StreamConfig(name: "CL", subjects: ["cl"], replicas: 3)
            streamConfig.storage = .file
            _ = try await withRetries { try await js.createStream(streamConfig) }
            var consumerConfig = ConsumerConfig(durableName: "w")
            consumerConfig.ackWait = .seconds(3)
            let consumer = try await withRetries { try await js.createPullConsumer(stream: "CL", config: consumerConfig) }

            let total = 2000
            let tally = Tally()
            let published = Mutex(0)
            let producing = Task {
                var options = PublishOptions()
                options.retryAttempts = 10
                options.timeout = .seconds(2)
                for index in 0..<total {
                    options.messageID = "m-\(index)"
                    _ = try await withRetries { try await js.publish("cl", "m-\(index)", options: options) }
                    published.withLock { $0 = index + 1 }
                }
            }
            var consumeOptions = PullConsumeOptions(maxMessages: 200, expires: .seconds(4))
            consumeOptions.idleHeartbeat = .seconds(1)
            let messages = try await consumer.messages(options: consumeOptions)
            let consuming = Task {
                for try await message in messages {
                    try? await message.ack()
                    if tally.record(message.string) == total { break }
                }
            }
            while published.withLock({ $0 }) < total / 3 { try await Task.sleep(for: .milliseconds(10)) }
            await cluster.kill(node: 2)
            try await withTimeout(.seconds(120), "publishing through the failure (published \(published.withLock { $0 }))") {
                try await producing.value
            }
            try await withTimeout(.seconds(120), "consuming through the failure (seen \(tally.seen.count))") {
                try await consuming.value
            }
            messages.stop()
            #expect(tally.seen == Set((0..<total).map { "m-\($0)" }))
            let info = try await withRetries { try await js.streamInfo("CL") }
            #expect(info.state.messages == UInt64(total), "duplicates from retried publishes were dropped")
            print("cluster test: \(tally.redeliveries) redeliveries")
            await client.close()
        }
    }

    /// Retries `body` while the cluster elects leaders, for up to 30 seconds.
    private func withRetries<T>(_ body: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while true {
            do {
                return try await body()
            } catch let error as JetStreamError where ContinuousClock.now < deadline && error.code != .invalidArgument {
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}
