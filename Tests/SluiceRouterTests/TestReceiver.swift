import Hummingbird
import NIOCore
import Synchronization

/// A real HTTP receiver on loopback for router tests: it records every request with the time it arrived,
/// counts how many are in progress at once, and answers as ``respond`` says.
final class TestReceiver: Sendable {
    /// One request as it arrived.
    struct Request: Sendable {
        var id: String
        var group: String?
        var sequence: Int?
        var arrived: ContinuousClock.Instant
        var headers: [String: String]
        var body: String
        /// The status it was answered with.
        var status = 0
    }

    /// The answer to one request: a status and the `Retry-After` header's value.
    struct Answer: Sendable {
        var status: Int
        var retryAfter: String?
    }

    /// Decides the answer from the request and how many earlier requests had its id.
    typealias Respond = @Sendable (_ request: Request, _ earlier: Int) -> Answer

    let port: Int
    private let task: Task<Void, any Error>
    private let recorder: Recorder

    private final class Recorder: Sendable {
        let state: Mutex<State>
        init(_ respond: @escaping Respond) { state = Mutex(State(respond: respond)) }
    }

    private struct State {
        var requests: [Request] = []
        var inProgress = 0
        var maxInProgress = 0
        var respond: Respond
    }

    private init(port: Int, task: Task<Void, any Error>, recorder: Recorder) {
        self.port = port
        self.task = task
        self.recorder = recorder
    }

    /// The URL deliveries go to.
    var url: String { "http://127.0.0.1:\(port)/hook" }
    /// Every request so far, in arrival order.
    var requests: [Request] { recorder.state.withLock { $0.requests } }
    /// The most requests that were in progress at once.
    var maxInProgress: Int { recorder.state.withLock { $0.maxInProgress } }
    /// The distinct ids answered 2xx.
    var deliveredIDs: Set<String> {
        Set(requests.filter { (200..<300).contains($0.status) }.map(\.id))
    }

    /// Changes how later requests are answered.
    func answer(_ respond: @escaping Respond) {
        recorder.state.withLock { $0.respond = respond }
    }

    /// Starts a receiver on a free port; each request takes `work` before it is answered.
    static func start(work: Duration = .zero, respond: @escaping Respond = { _, _ in Answer(status: 200) }) async throws -> TestReceiver {
        let recorder = Recorder(respond)
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            var arrived = Request(
                id: headers["idempotency-key"] ?? "",
                group: headers["x-group"],
                sequence: headers["x-seq"].flatMap { Int($0) },
                arrived: .now,
                headers: headers,
                body: String(buffer: body)
            )
            let answer = recorder.state.withLock { state -> Answer in
                let earlier = state.requests.filter { $0.id == arrived.id }.count
                let answer = state.respond(arrived, earlier)
                arrived.status = answer.status
                state.requests.append(arrived)
                state.inProgress += 1
                state.maxInProgress = max(state.maxInProgress, state.inProgress)
                return answer
            }
            if work > .zero { try? await Task.sleep(for: work) }
            recorder.state.withLock { $0.inProgress -= 1 }
            var fields = HTTPFields()
            if let retryAfter = answer.retryAfter { fields[.retryAfter] = retryAfter }
            return Response(
                status: HTTPResponse.Status(code: answer.status),
                headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(string: "answer \(answer.status)"))
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
        return TestReceiver(port: port, task: task, recorder: recorder)
    }

    /// Stops the server.
    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
