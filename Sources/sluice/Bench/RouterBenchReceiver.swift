import Hummingbird
import NIOCore
import Synchronization

/// The local HTTP receiver of `sluice bench router`: counts deliveries and, for payloads that carry their
/// enqueue time (nanoseconds since the benchmark's origin), records enqueue-to-receiver latencies.
final class RouterBenchReceiver: Sendable {
    let origin: ContinuousClock.Instant
    let port: Int
    private let tally: Tally
    private let task: Task<Void, any Error>

    /// The deliveries counted and the latencies recorded.
    private final class Tally: Sendable {
        let state = Mutex<(count: Int, latencies: [Double])>((0, []))
    }

    private init(origin: ContinuousClock.Instant, port: Int, tally: Tally, task: Task<Void, any Error>) {
        self.origin = origin
        self.port = port
        self.tally = tally
        self.task = task
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var count: Int { tally.state.withLock { $0.count } }

    /// Takes the latencies recorded so far (milliseconds) and starts a new list.
    func takeLatencies() -> [Double] {
        tally.state.withLock { state in
            defer { state.latencies = [] }
            return state.latencies
        }
    }

    static func start(origin: ContinuousClock.Instant) async throws -> RouterBenchReceiver {
        let tally = Tally()
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 16)
            let now = ContinuousClock.now
            let sent = body.getString(at: body.readerIndex, length: body.readableBytes).flatMap { Int64($0) }
            tally.state.withLock { state in
                state.count += 1
                if let sent {
                    let elapsed = now - (origin + .nanoseconds(sent))
                    state.latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                }
            }
            return .ok
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }
        )
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw CancellationError()
        }
        return RouterBenchReceiver(origin: origin, port: port, tally: tally, task: task)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
