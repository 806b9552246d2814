import NATSTestSupport
import NIOCore
import SluiceCore
import SluiceRouter
import Testing

/// A router that drains: deliveries in flight finish and are acknowledged, and every message it held but had not
/// started is back in its queue at once, not after its lease.
@Suite(.timeLimit(.minutes(3))) struct RouterDrainTests {
    @Test(arguments: QueueKind.allCases)
    func aDrainFinishesDeliveriesInFlightAndHandsTheRestBack(kind: QueueKind) async throws {
        let receiver = try await TestReceiver.start(work: .seconds(1))
        defer { Task { await receiver.stop() } }
        // A lease far longer than the test: a message that was not handed back could not be polled below.
        try await kind.withQueue(visibility: .seconds(120)) { queue, deadLetters in
            let deliverer = HTTPDeliverer(
                signingSecret: nil,
                circuitBreaker: try .init(failureThreshold: 1_000_000, openDuration: .milliseconds(100))
            )
            let pool = Pool(configuration: RouterHarness.configuration(concurrency: 2), deliverer: deliverer, deadLetters: deadLetters)
            let router = MessageRouter(queues: [queue], pools: [pool])
            let ids = (1...10).map { "d-\($0)" }
            try await queue.send(ids.map { RouterMessage(id: $0, pool: "orders", target: receiver.url, payload: ByteBuffer(string: "{}")) })
            let running = Task { await router.run() }
            try await withTimeout(.seconds(30), "two deliveries in flight") {
                while receiver.requests.count < 2 { try await Task.sleep(for: .milliseconds(10)) }
            }
            router.drain()
            try await withTimeout(.seconds(30), "the drain") { await running.value }

            let started = Set(receiver.requests.map(\.id))
            #expect(started.count >= 2 && started.count < ids.count)
            #expect(pool.snapshot.delivered == started.count, "every delivery in flight finished and was counted")
            let back = try await pollAll(queue, count: ids.count, emptyPolls: 5)
            #expect(Set(back.map(\.message.id)) == Set(ids).subtracting(started), "the rest is back in the queue, the delivered ones acknowledged")
            for message in back { try await queue.ack(message) }
            try await deliverer.shutdown()
        }
    }
}
