import ArgumentParser
import EmbeddedNATS
import Foundation
import JetStream
import Logging
import NATS
import NIOCore
import SluiceRouter
import SluiceSQLite
import SluiceSQS

/// `sluice bench router`: the router's throughput and enqueue-to-receiver latency, through one pool into a local
/// HTTP receiver it starts.
struct RouterBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "router",
        abstract: "Measure the message router from a queue through one pool into a local HTTP receiver.",
        discussion: """
            Starts a local HTTP receiver and the queue (a SQLite file, or nats-server for jetstream; sqs needs \
            --sqs-endpoint, e.g. a moto_server), then: fills the queue with --messages messages and times the router \
            delivering them all (messages_per_sec); and submits one message at a time at --rate for --seconds, timing \
            each from the start of its enqueue to its arrival at the receiver (p50_ms, p99_ms) and from the moment the \
            queue had taken it to its arrival (committed_to_receiver_p50_ms, committed_to_receiver_p99_ms: the \
            router's part alone, without the queue's write).
            """
    )

    enum QueueChoice: String, ExpressibleByArgument, CaseIterable {
        case sqlite
        case jetstream
        case sqs
    }

    @Option(help: "The queue: sqlite, jetstream or sqs.")
    var queue: QueueChoice = .sqlite

    @Option(help: "Messages for the throughput figure.")
    var messages: Int = 100_000

    @Option(help: "The pool's concurrency.")
    var concurrency: Int = 64

    @Option(help: "Messages per second offered for the latency figures.")
    var rate: Int = 1_000

    @Option(help: "How long to offer --rate, in seconds.")
    var seconds: Int = 5

    @Option(help: "The SQS endpoint for --queue sqs (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else 'bench').")
    var sqsEndpoint: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard messages > 0, rate > 0, seconds > 0, concurrency > 0 else {
            throw ValidationError("--messages, --rate, --seconds and --concurrency must be positive")
        }
        if queue == .sqs, sqsEndpoint == nil { throw ValidationError("--queue sqs needs --sqs-endpoint (a moto_server or SQS itself)") }
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-router-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "sluice.bench")
        logger.logLevel = .error
        let receiver = try await RouterBenchReceiver.start()
        let opened = try await BenchQueue.open(queue, directory: directory, sqsEndpoint: sqsEndpoint, logger: logger)
        var result = RouterBenchResult(queue: queue.rawValue, messages: messages, concurrency: concurrency, rate: rate)
        do {
            result.messagesPerSecond = try await throughput(opened.queue, receiver: receiver, logger: logger)
            let timed = try await latencies(opened.queue, receiver: receiver, logger: logger)
            result.latencyMessages = timed.enqueueToReceiver.count
            result.p50Milliseconds = OutboxBenchCommand.percentile(timed.enqueueToReceiver, 0.50)
            result.p99Milliseconds = OutboxBenchCommand.percentile(timed.enqueueToReceiver, 0.99)
            result.committedP50Milliseconds = OutboxBenchCommand.percentile(timed.committedToReceiver, 0.50)
            result.committedP99Milliseconds = OutboxBenchCommand.percentile(timed.committedToReceiver, 0.99)
        } catch {
            await opened.close()
            await receiver.stop()
            throw error
        }
        result.peakRSSBytes = ProcessMemory.peakResidentBytes
        await opened.close()
        await receiver.stop()
        print(json ? result.json : result.text)
    }

    /// Fills the queue, then times the router emptying it into the receiver.
    private func throughput(_ queue: any QueueConsumer & QueueProducer, receiver: RouterBenchReceiver, logger: Logger) async throws -> Double {
        var start = 0
        while start < messages {
            let end = min(start + 1000, messages)
            try await queue.send((start..<end).map { message("fill-\($0)", payload: "{}", target: receiver.url) })
            start = end
        }
        let began = ContinuousClock.now
        try await withRouter(queue, logger: logger) {
            while receiver.count < messages { try await Task.sleep(for: .milliseconds(5)) }
        }
        let elapsed = ContinuousClock.now - began
        return Double(messages) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Submits one message at a time at `rate` and returns, in milliseconds, each one's time from the start of its
    /// enqueue to the receiver, and from the moment the queue had taken it (its commit) to the receiver: the second
    /// is the router's part alone, without the queue's own write.
    private func latencies(
        _ queue: any QueueConsumer & QueueProducer,
        receiver: RouterBenchReceiver,
        logger: Logger
    ) async throws -> (enqueueToReceiver: [Double], committedToReceiver: [Double]) {
        let total = rate * seconds
        let already = receiver.count
        var sent: [(enqueued: ContinuousClock.Instant, committed: ContinuousClock.Instant)] = []
        sent.reserveCapacity(total)
        receiver.startTiming()
        try await withRouter(queue, logger: logger) {
            let began = ContinuousClock.now
            for index in 0..<total {
                let due = began + .nanoseconds(Int64(index) * 1_000_000_000 / Int64(rate))
                if due > .now { try await Task.sleep(until: due) }
                let enqueued = ContinuousClock.now
                try await queue.send([message("timed-\(index)", payload: "{}", target: receiver.url)])
                sent.append((enqueued, ContinuousClock.now))
            }
            while receiver.count < already + total { try await Task.sleep(for: .milliseconds(5)) }
        }
        let arrivals = receiver.takeArrivals()
        var timed: (enqueueToReceiver: [Double], committedToReceiver: [Double]) = ([], [])
        for (index, times) in sent.enumerated() {
            guard let arrived = arrivals["timed-\(index)"] else { continue }
            timed.enqueueToReceiver.append(Self.milliseconds(arrived - times.enqueued))
            timed.committedToReceiver.append(Self.milliseconds(arrived - times.committed))
        }
        return timed
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    private func message(_ id: String, payload: String, target: String) -> RouterMessage {
        RouterMessage(id: id, pool: "bench", target: target, payload: ByteBuffer(string: payload))
    }

    /// Runs a router with one pool over `queue` while `body` runs.
    private func withRouter(_ queue: any QueueConsumer & QueueProducer, logger: Logger, _ body: () async throws -> Void) async throws {
        let deliverer = HTTPDeliverer(signingSecret: "bench", circuitBreaker: try .init(), connectionsPerHost: concurrency)
        var pool = PoolConfiguration(code: "bench")
        pool.concurrency = concurrency
        pool.buffer = max(1000, concurrency * 4)
        let router = MessageRouter(
            queues: [queue],
            pools: [Pool(configuration: pool, deliverer: deliverer, deadLetters: queue, logger: logger)],
            batchSize: 500,
            logger: logger
        )
        let running = Task { await router.run() }
        do {
            try await body()
        } catch {
            running.cancel()
            await running.value
            try? await deliverer.shutdown()
            throw error
        }
        running.cancel()
        await running.value
        try await deliverer.shutdown()
    }
}
