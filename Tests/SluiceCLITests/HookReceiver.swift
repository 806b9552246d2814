import Hummingbird
import NIOCore
import Synchronization

/// A real HTTP receiver for process tests: answers 200 (after `work`) and keeps the `Idempotency-Key` of every
/// request as it arrives.
final class HookReceiver: Sendable {
    let port: Int
    private let keys: Keys
    private let task: Task<Void, any Error>

    private final class Keys: Sendable {
        let received = Mutex<[String]>([])
    }

    private init(port: Int, keys: Keys, task: Task<Void, any Error>) {
        self.port = port
        self.keys = keys
        self.task = task
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    /// Every key received, repeats included, in arrival order.
    var received: [String] { keys.received.withLock { $0 } }

    static func start(work: Duration = .zero) async throws -> HookReceiver {
        let keys = Keys()
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            _ = try await request.body.collect(upTo: 1 << 20)
            let key = request.headers.first { $0.name.canonicalName == "idempotency-key" }?.value ?? ""
            keys.received.withLock { $0.append(key) }
            if work > .zero { try? await Task.sleep(for: work) }
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
            throw CLITestFailure("the hook receiver did not start")
        }
        return HookReceiver(port: port, keys: keys, task: task)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
