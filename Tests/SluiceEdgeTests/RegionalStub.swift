import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A small regional API on 127.0.0.1: `POST /stores/{store}/check` answers `{"allowed": true}` for `user:anne` and
/// false for others, after `delay` when the user is `user:slow`; it counts the checks it was asked.
final class RegionalStub: Sendable {
    let port: Int
    private let task: Task<Void, any Error>
    private let counter: CheckCounter

    var url: String { "http://127.0.0.1:\(port)" }
    var checks: Int { counter.value.withLock { $0 } }

    private init(port: Int, task: Task<Void, any Error>, counter: CheckCounter) {
        self.port = port
        self.task = task
        self.counter = counter
    }

    static func start(slowDelay: Duration = .seconds(5)) async throws -> RegionalStub {
        let counter = CheckCounter()
        let router = Router()
        router.post("stores/{store}/check") { request, _ in
            counter.increment()
            let body = try await request.body.collect(upTo: 1 << 16)
            let user = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: String])?["user"]
            if user == "user:slow" { try await Task.sleep(for: slowDelay) }
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: user == "user:anne" ? #"{"allowed": true}"# : #"{"allowed": false}"#))
            )
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
        return RegionalStub(port: port, task: task, counter: counter)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// The stub's count of checks, shared with its route.
final class CheckCounter: Sendable {
    let value = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
}
