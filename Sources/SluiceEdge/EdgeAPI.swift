import Foundation
import Hummingbird
import NIOCore
import SluiceHTTPAuth

/// The edge's HTTP API:
///
/// | route | |
/// |---|---|
/// | `GET /healthz` | `ok` while the process runs |
/// | `GET /readyz` | 200 `{"status":"ready"…}`, or 503 `{"status":"degraded","reason":…}` when NATS is disconnected, the central JetStream unreachable, or the lag past the threshold |
/// | `GET /stores/{store}/tuples?object=&relation=&user=&limit=` | `{"tuples": [{object, relation, user}]}` from the local store |
/// | `POST /stores/{store}/check` `{object, relation, user}` | `{"allowed": bool, "source": "local"/"cached"/"forwarded"}` |
///
/// With authentication on (`edge.auth`), the store routes need the `read` scope (401 without a valid credential, 403
/// with one that lacks it), and so do the health routes unless `open_health` says otherwise. Every request passes the
/// `Host`/`Origin` checks of ``HostPolicy``.
public struct EdgeAPI: Sendable {
    /// The agent, for readiness.
    public let agent: EdgeAgent
    /// The read path.
    public let reads: EdgeReads
    /// Checks credentials; `nil` when authentication is off.
    public let authenticator: HTTPAuthenticator?
    /// The `Host` and `Origin` rules.
    public let hostPolicy: HostPolicy

    /// Creates the API.
    public init(agent: EdgeAgent, reads: EdgeReads, authenticator: HTTPAuthenticator?, hostPolicy: HostPolicy) {
        self.agent = agent
        self.reads = reads
        self.authenticator = authenticator
        self.hostPolicy = hostPolicy
    }

    /// Adds the middleware of the `Host`/`Origin` checks, then the routes.
    public func register(on routes: Router<BasicRequestContext>) {
        routes.middlewares.add(HostPolicyMiddleware(hostPolicy))
        let open = agent.config.auth.openHealth
        let health = open ? routes.group() : routes.group(requiring: .read, authenticator: authenticator)
        let read = routes.group(requiring: .read, authenticator: authenticator)
        health.get("healthz") { _, _ in "ok\n" }
        health.get("readyz") { _, _ in
            let readiness = agent.readiness
            return try Self.json(readiness, status: readiness.isReady ? .ok : .serviceUnavailable)
        }
        read.get("stores/{store}/tuples") { request, context in
            let storeID = try context.parameters.require("store")
            let query = request.uri.queryParameters
            let limit = query.get("limit", as: Int.self) ?? 1000
            return try await Self.answer {
                let tuples = try await reads.tuples(
                    store: storeID,
                    object: query.get("object"),
                    relation: query.get("relation"),
                    user: query.get("user"),
                    limit: max(1, min(limit, 100_000))
                )
                return try Self.json(TupleList(tuples: tuples.map { TupleView(object: $0.object, relation: $0.relation, user: $0.user) }))
            }
        }
        read.post("stores/{store}/check") { request, context in
            let storeID = try context.parameters.require("store")
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let check = try? JSONDecoder().decode(CheckRequest.self, from: Data(body.readableBytesView)) else {
                return try Self.error(400, "invalid_check", "expected JSON {\"object\", \"relation\", \"user\"}")
            }
            return try await Self.answer { try Self.json(try await reads.check(store: storeID, check)) }
        }
    }

    private struct TupleView: Encodable {
        var object: String
        var relation: String
        var user: String
    }

    private struct TupleList: Encodable {
        var tuples: [TupleView]
    }

    private static func answer(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as EdgeReadError {
            return try Self.error(error.status, error.code, error.message)
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
