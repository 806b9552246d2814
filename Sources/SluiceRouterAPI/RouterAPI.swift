import FoundationEssentials
import Hummingbird
import NIOCore
import SluiceHTTPAuth
import SluiceRouter

/// The router's platform API under `/api`: submit messages, list and change pools, pool statistics, list and
/// replay dead letters. Reading needs the `read` scope, everything else `admin` (see ``HTTPScope``).
///
/// | route | scope | |
/// |---|---|---|
/// | `POST /api/queues/{queue}/messages` | admin | submit `{"messages": [{id, pool, target, payload, headers?, group?}]}` |
/// | `GET /api/pools` | read | every pool's configuration and statistics |
/// | `GET /api/pools/{code}` | read | one pool |
/// | `PUT /api/pools/{code}` | admin | change (or create) a pool; in-flight messages finish under the old limits |
/// | `GET /api/dead-letters?limit=N` | read | up to N (default 100) dead letters |
/// | `POST /api/dead-letters/replay` | admin | `{"ids": [...]?, "limit": N?}` back to the replay queue |
public struct RouterAPI: Sendable {
    /// The router whose pools are shown and changed.
    public let router: MessageRouter
    /// The queues messages can be submitted to, by name.
    public let queues: [String: any QueueProducer]
    /// The dead letters.
    public let deadLetters: DeadLetterBrowser
    /// Where replayed dead letters go.
    public let replayQueue: any QueueProducer
    /// Checks bearer tokens.
    public let authenticator: HTTPAuthenticator
    /// Creates a pool that `PUT /api/pools/{code}` names for the first time.
    public let makePool: @Sendable (PoolConfiguration) -> Pool
    /// Stores a pool change before it is applied (see ``PoolOverrides``); when it throws, the change is refused
    /// with a 500 and not applied.
    public let recordChange: @Sendable (PoolConfiguration) throws -> Void

    /// Creates the API.
    ///
    /// - Parameters:
    ///   - recordChange: Stores a pool change before it is applied; by default changes are not stored and last
    ///     until the process stops.
    public init(
        router: MessageRouter,
        queues: [String: any QueueProducer],
        deadLetters: DeadLetterBrowser,
        replayQueue: any QueueProducer,
        authenticator: HTTPAuthenticator,
        makePool: @escaping @Sendable (PoolConfiguration) -> Pool,
        recordChange: @escaping @Sendable (PoolConfiguration) throws -> Void = { _ in }
    ) {
        self.router = router
        self.queues = queues
        self.deadLetters = deadLetters
        self.replayQueue = replayQueue
        self.authenticator = authenticator
        self.makePool = makePool
        self.recordChange = recordChange
    }

    /// Adds the routes to `routes`.
    public func register(on routes: Router<BasicRequestContext>) {
        let read = routes.group("api", requiring: .read, authenticator: authenticator)
        let admin = routes.group("api", requiring: .admin, authenticator: authenticator)
        read.get("pools") { _, _ in try Self.json(PoolList(pools: router.pools.map(PoolView.init))) }
        read.get("pools/{code}") { _, context in
            let code = try context.parameters.require("code")
            guard let pool = router.pool(code) else { return try Self.error(404, "not_found", "no pool \(code)") }
            return try Self.json(PoolView(pool))
        }
        admin.put("pools/{code}") { request, context in try await changePool(request, code: try context.parameters.require("code")) }
        admin.post("queues/{queue}/messages") { request, context in try await submit(request, queue: try context.parameters.require("queue")) }
        read.get("dead-letters") { request, _ in
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
            let letters = try await deadLetters.list(limit: min(max(limit, 1), 1000))
            return try Self.json(DeadLetterList(deadLetters: letters.map(DeadLetterView.init)))
        }
        admin.post("dead-letters/replay") { request, _ in
            let body = try await Self.decode(ReplayRequest.self, from: request)
            let limit = min(max(body.limit ?? 1000, 1), 10_000)
            let replayed = try await deadLetters.replay(ids: body.ids.map(Set.init), limit: limit, to: replayQueue)
            return try Self.json(ReplayResult(replayed: replayed))
        }
    }

    private func changePool(_ request: Request, code: String) async throws -> Response {
        let change = try await Self.decode(PoolChange.self, from: request)
        let configuration: PoolConfiguration
        do {
            configuration = try change.applied(to: router.pool(code)?.configuration ?? PoolConfiguration(code: code))
        } catch {
            return try Self.error(400, "invalid_pool", "\(error)")
        }
        do {
            try recordChange(configuration)
        } catch {
            return try Self.error(500, "not_stored", "the change could not be stored, so it was not applied: \(error)")
        }
        router.upsert(configuration) { makePool(configuration) }
        guard let pool = router.pool(code) else { return try Self.error(404, "not_found", "no pool \(code)") }
        return try Self.json(PoolView(pool))
    }

    private func submit(_ request: Request, queue name: String) async throws -> Response {
        guard let queue = queues[name] else { return try Self.error(404, "not_found", "no queue \(name)") }
        let body = try await Self.decode(SubmitRequest.self, from: request)
        let messages = body.messages.map { message in
            RouterMessage(
                id: message.id,
                pool: message.pool,
                target: message.target,
                payload: ByteBuffer(string: message.payload),
                headers: message.headers ?? [:],
                group: message.group
            )
        }
        if let bad = messages.first(where: { $0.id.isEmpty || $0.pool.isEmpty || URL(string: $0.target)?.scheme == nil }) {
            return try Self.error(400, "invalid_message", "message '\(bad.id)' needs an id, a pool and an absolute target URL")
        }
        try await queue.send(messages)
        return try Self.json(SubmitResult(submitted: messages.count), status: .accepted)
    }

    private static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let body = try await request.body.collect(upTo: 16 << 20)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: body))
        } catch {
            throw HTTPError(.badRequest, message: "the body is not valid JSON for this route: \(error)")
        }
    }

    private static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    private static func error(_ status: Int, _ code: String, _ message: String) throws -> Response {
        try json(["error": ["code": code, "message": message]], status: HTTPResponse.Status(code: status))
    }
}
