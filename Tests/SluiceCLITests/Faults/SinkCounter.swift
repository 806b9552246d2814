import Foundation
import Hummingbird
import NIOCore
import SluiceCore
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A forwarding HTTP proxy in front of the search server that counts the writes the server absorbed: `_bulk` items
/// answered `409` (a version the index already holds, or an older one), which the Elasticsearch sink takes as
/// delivered. It lives in the test process, so its count survives every `sluice` process it serves.
final class SinkCounter: Sendable {
    let port: Int
    private let counts: Counts
    private let task: Task<Void, any Error>

    private final class Counts: Sendable {
        let absorbed = Mutex(0)
    }

    private init(port: Int, counts: Counts, task: Task<Void, any Error>) {
        self.port = port
        self.counts = counts
        self.task = task
    }

    var url: String { "http://127.0.0.1:\(port)" }
    /// `_bulk` items the server answered with a version conflict so far.
    var absorbed: Int { counts.absorbed.withLock { $0 } }

    /// Starts the proxy in front of `upstream` (`http://127.0.0.1:port`).
    static func start(upstream: String) async throws -> SinkCounter {
        let counts = Counts()
        let router = Router()
        let session = URLSession(configuration: .ephemeral)
        router.on("**", method: .get) { request, _ in try await forward(request, to: upstream, session: session, counts: counts) }
        router.on("**", method: .head) { request, _ in try await forward(request, to: upstream, session: session, counts: counts) }
        router.on("**", method: .put) { request, _ in try await forward(request, to: upstream, session: session, counts: counts) }
        router.on("**", method: .post) { request, _ in try await forward(request, to: upstream, session: session, counts: counts) }
        router.on("**", method: .delete) { request, _ in try await forward(request, to: upstream, session: session, counts: counts) }
        router.on("/", method: .get) { request, _ in try await forward(request, to: upstream, session: session, counts: counts) }
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
            throw CLITestFailure("the sink counter did not start")
        }
        return SinkCounter(port: port, counts: counts, task: task)
    }

    /// Sends `request` on to the server as it came and answers with what the server answered.
    private static func forward(_ request: Request, to upstream: String, session: URLSession, counts: Counts) async throws -> Response {
        let body = try await request.body.collect(upTo: 256 << 20)
        guard let url = URL(string: upstream + request.uri.description) else { throw HTTPError(.badRequest) }
        // Longer than any outage of the server: a write held up by it completes when it is back, as a real one would.
        var forwarded = URLRequest(url: url, timeoutInterval: 300)
        forwarded.httpMethod = request.method.rawValue
        if let type = request.headers[.contentType] { forwarded.setValue(type, forHTTPHeaderField: "Content-Type") }
        if body.readableBytes > 0 { forwarded.httpBody = Data(body.readableBytesView) }
        let (data, response) = try await session.data(for: forwarded)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 502
        if request.uri.path.hasSuffix("/_bulk") { counts.absorbed.withLock { $0 += conflicts(in: data) } }
        var headers = HTTPFields()
        headers[.contentType] = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") ?? "application/json"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The items of a `_bulk` answer with status 409.
    private static func conflicts(in answer: Data) -> Int {
        guard let items = (try? JSONValue.parse(Array(answer)))?["items"]?.arrayValue else { return 0 }
        return items.filter { item in item.objectValue?.first { _ in true }?.1["status"]?.intValue == 409 }.count
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
