import Foundation
import JetStream
import NATS
import NIOCore

/// JetStream throughput and latency: asynchronous and synchronous publishing, and pull consumption, on the
/// stream `BENCH` (subject `bench.js`, file storage, one replica) the shared transport benchmark uses.
///
/// Every timed loop runs in a detached task, off the main actor.
enum JetStreamBenchmarks {
    /// The benchmark stream, recreated by the publishing benchmarks.
    static let stream = "BENCH"
    /// The subject it stores.
    static let subject = "bench.js"
    /// The durable pull consumer the consuming benchmarks create fresh.
    static let durable = "bench_pull"

    /// Publish-to-acknowledgement latency percentiles, in microseconds.
    struct Latency: Sendable {
        var p50: Double
        var p99: Double
        var max: Double

        /// Percentiles of `samples` (microseconds), picked from the sorted samples as the peer benchmarks do.
        init(samples: [Double]) {
            let sorted = samples.sorted()
            p50 = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
            p99 = sorted.isEmpty ? 0 : sorted[min(Int(Double(sorted.count) * 0.99), sorted.count - 1)]
            max = sorted.last ?? 0
        }
    }

    /// Deletes the benchmark stream if it exists and creates it again, empty.
    static func recreateStream(_ js: JetStreamContext) async throws {
        do {
            try await js.deleteStream(stream)
        } catch let error as JetStreamError where error.errorCode == .streamNotFound {
            // Nothing to delete.
        }
        var config = StreamConfig(name: stream, subjects: [subject])
        config.storage = .file
        config.replicas = 1
        try await js.createStream(config)
    }

    /// Publishes `count` messages with at most `window` unacknowledged, on a recreated stream; the time runs
    /// from the first publish to the last acknowledgement. Returns the result (acknowledged messages) and
    /// how many acknowledgements failed.
    static func publishAsync(
        options: NATSClientOptions,
        count: Int,
        size: Int,
        window: Int,
        serverPID: Int32?
    ) async throws
        -> (BenchResult, ackErrors: Int)
    {
        try await offMainActor {
            let client = try await NATSClient.connect(options)
            let js = JetStreamContext(client: client)
            try await recreateStream(js)
            let outcome = try await publishAll(js, count: count, size: size, window: window, serverPID: serverPID)
            await client.close()
            return outcome
        }
    }

    /// Publishes `count` messages, each waiting for its acknowledgement, on a recreated stream. Returns the
    /// result and the publish-to-acknowledgement latency.
    static func publishSync(options: NATSClientOptions, count: Int, size: Int, serverPID: Int32?) async throws -> (BenchResult, Latency) {
        try await offMainActor {
            let client = try await NATSClient.connect(options)
            let js = JetStreamContext(client: client, timeout: .seconds(30))
            try await recreateStream(js)
            let payload = ByteBuffer(bytes: BenchPayload.make(size: size))
            let clock = ContinuousClock()
            let meter = BenchMeter(serverPID: serverPID)
            // On the connection's event loop, where each acknowledgement is read and its wait resumed.
            let samples = try await withTaskExecutorPreference(client.taskExecutor) {
                var samples = [Double]()
                samples.reserveCapacity(count)
                for _ in 0..<count {
                    let start = clock.now
                    try await js.publish(subject, payload: payload)
                    samples.append(microseconds(clock.now - start))
                }
                return samples
            }
            let result = meter.finish(count: count, bytesPerMessage: size)
            await client.close()
            return (result, Latency(samples: samples))
        }
    }

    /// Consumes `count` messages from the stream through a fresh durable pull consumer (deliver all, max ack
    /// pending 20,000), fetching `batch` at a time; `ackAll` acknowledges only each batch's last message
    /// (ack policy all), otherwise every message (explicit). The time runs from the first fetch until the
    /// acknowledgements are flushed.
    static func pull(
        options: NATSClientOptions,
        count: Int,
        size: Int,
        batch: Int,
        ackAll: Bool,
        serverPID: Int32?
    ) async throws
        -> BenchResult
    {
        try await offMainActor {
            let client = try await NATSClient.connect(options)
            let js = JetStreamContext(client: client, timeout: .seconds(30))
            let result = try await consumeAll(js, count: count, size: size, batch: batch, ackAll: ackAll, serverPID: serverPID)
            await client.close()
            return result
        }
    }

    /// Fills a recreated stream with `count` messages (not timed), then consumes them as ``pull(options:count:size:batch:ackAll:serverPID:)``
    /// does, acknowledging each; with `continuous`, through ``PullConsumer/messages(options:)`` with a prefetch of
    /// `batch` messages instead of fetch after fetch.
    static func publishThenConsume(
        options: NATSClientOptions,
        count: Int,
        size: Int,
        batch: Int,
        continuous: Bool,
        serverPID: Int32?
    ) async throws
        -> BenchResult
    {
        try await offMainActor {
            let client = try await NATSClient.connect(options)
            let js = JetStreamContext(client: client, timeout: .seconds(30))
            try await recreateStream(js)
            let (_, errors) = try await publishAll(js, count: count, size: size, window: 4096, serverPID: nil)
            guard errors == 0 else { throw JetStreamError(.client, "\(errors) of \(count) publishes were not acknowledged") }
            let result =
                continuous
                ? try await consumeContinuously(js, count: count, size: size, prefetch: batch, serverPID: serverPID)
                : try await consumeAll(js, count: count, size: size, batch: batch, ackAll: false, serverPID: serverPID)
            await client.close()
            return result
        }
    }

    /// The timed asynchronous publishing loop.
    private static func publishAll(
        _ js: JetStreamContext,
        count: Int,
        size: Int,
        window: Int,
        serverPID: Int32?
    ) async throws
        -> (BenchResult, ackErrors: Int)
    {
        let publisher = try await js.makePublisher(options: JetStreamPublisher.Options(maxPending: window, ackTimeout: .seconds(30)))
        let payload = ByteBuffer(bytes: BenchPayload.make(size: size))
        let meter = BenchMeter(serverPID: serverPID)
        // On the connection's event loop, where the acknowledgements that free the window are read.
        let futures = try await withTaskExecutorPreference(js.client.taskExecutor) {
            var futures = [PubAckFuture]()
            futures.reserveCapacity(count)
            for _ in 0..<count {
                futures.append(try await publisher.publish(subject, payload: payload))
            }
            try await publisher.waitForPendingAcks()
            return futures
        }
        let end = ContinuousClock.now
        // Awaited, not read: waitForPendingAcks() can return just before the last future is settled.
        var acked = 0
        var firstFailure: (index: Int, error: any Error)?
        for (index, future) in futures.enumerated() {
            do {
                _ = try await future.value()
                acked += 1
            } catch {
                if firstFailure == nil { firstFailure = (index, error) }
            }
        }
        let result = meter.finish(count: acked, bytesPerMessage: size, at: end)
        if let firstFailure {
            FileHandle.standardError.write(
                Data("bench: \(count - acked) acks failed; the first, publish #\(firstFailure.index + 1): \(firstFailure.error)\n".utf8)
            )
        }
        await publisher.close()
        return (result, count - acked)
    }

    /// Creates the benchmark's durable pull consumer afresh (deliver all, max ack pending 20,000).
    private static func recreateConsumer(_ js: JetStreamContext, ackAll: Bool) async throws -> PullConsumer {
        do {
            try await js.deleteConsumer(stream: stream, name: durable)
        } catch let error as JetStreamError where error.errorCode == .consumerNotFound {
            // Nothing to delete.
        }
        var config = ConsumerConfig(durableName: durable)
        config.ackPolicy = ackAll ? .all : .explicit
        config.deliverPolicy = .all
        config.maxAckPending = 20_000
        try await js.createConsumer(stream: stream, config: config)
        return PullConsumer(context: js, stream: stream, name: durable)
    }

    /// Times `consume` on a fresh consumer until its acknowledgements are flushed; `consume` returns how many messages
    /// it took. It runs on the connection's event loop, so each message goes from the socket read to it on one thread.
    private static func timed(
        _ js: JetStreamContext,
        size: Int,
        ackAll: Bool,
        serverPID: Int32?,
        _ consume: (PullConsumer) async throws -> Int
    ) async throws -> BenchResult {
        let consumer = try await recreateConsumer(js, ackAll: ackAll)
        let meter = BenchMeter(serverPID: serverPID)
        let received = try await withTaskExecutorPreference(js.client.taskExecutor) { try await consume(consumer) }
        try await js.client.flush(timeout: .seconds(60))
        let result = meter.finish(count: received, bytesPerMessage: size)
        try? await js.deleteConsumer(stream: stream, name: durable)
        return result
    }

    /// The timed continuous-consuming loop: every message acknowledged, until `count` arrived.
    private static func consumeContinuously(
        _ js: JetStreamContext,
        count: Int,
        size: Int,
        prefetch: Int,
        serverPID: Int32?
    ) async throws
        -> BenchResult
    {
        try await timed(js, size: size, ackAll: false, serverPID: serverPID) { consumer in
            var received = 0
            let messages = try await consumer.messages(options: PullConsumeOptions(maxMessages: prefetch, expires: .seconds(5)))
            for try await message in messages {
                try await message.ack()
                received += 1
                if received == count { break }
            }
            messages.stop()
            return received
        }
    }

    /// The timed pull-consuming loop: fetch after fetch of `batch`, acknowledging each message or, with `ackAll`, the
    /// last of each fetch.
    private static func consumeAll(
        _ js: JetStreamContext,
        count: Int,
        size: Int,
        batch: Int,
        ackAll: Bool,
        serverPID: Int32?
    ) async throws
        -> BenchResult
    {
        try await timed(js, size: size, ackAll: ackAll, serverPID: serverPID) { consumer in
            var received = 0
            while received < count {
                let messages = try await consumer.fetch(batch: min(batch, count - received), expires: .seconds(5))
                var inBatch = 0
                var last: JetStreamMessage?
                for try await message in messages {
                    inBatch += 1
                    if ackAll { last = message } else { try await message.ack() }
                }
                // Releasing the sequence ends the fetch, so it is held until here (its iterator does not hold it).
                messages.stop()
                if let last { try await last.ack() }
                if inBatch == 0 {
                    FileHandle.standardError.write(Data("bench: a fetch at \(received)/\(count) brought nothing\n".utf8))
                    break
                }
                received += inBatch
            }
            return received
        }
    }

    private static func microseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    }

    /// Runs `body` in a detached task, so its loop never runs on the main actor.
    private static func offMainActor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task.detached(operation: body).value
    }
}
