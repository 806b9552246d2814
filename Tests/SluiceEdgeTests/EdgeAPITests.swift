import Foundation
import Hummingbird
import HummingbirdTesting
import NATS
import NATSTestSupport
import NIOCore
import SluiceEdge
import SluiceHTTPAuth
import Testing

/// The edge's read API over a real socket (tokens, scopes, every answer's source) and its control subjects, on an
/// agent kept in sync by a real topology.
@Suite(.serialized) struct EdgeAPITests {
    static let readToken = "edge-read-token-0123456789"
    static let ingestToken = "edge-ingest-token-0123456789"

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    @Test func theReadRoutesAnswerWithTheirSourceOnlyToATokenWithTheReadScope() async throws {
        try await withTimeout(.seconds(240), "for the edge API test") {
            let harness = try await EdgeHarness.start(edges: ["edge-a"])
            let regional = try await RegionalStub.start()
            do {
                var config = harness.config(
                    edge: "edge-a",
                    products: [
                        Product(id: "acme", tier: .critical, stores: ["s1"], implied: ["viewer": ["editor"]]),
                        Product(id: "far", tier: .warm, stores: ["s3"]),
                    ]
                )
                config.regional = EdgeConfig.Regional(url: regional.url)
                let agent = try await harness.startAgent(config)
                let anne = TupleKey(object: "document:1", relation: "viewer", user: "user:anne")
                let editors = TupleKey(object: "document:2", relation: "editor", user: "group:eng#member")
                let bob = TupleKey(object: "group:eng", relation: "member", user: "user:bob")
                try await harness.publisher.publish(TupleChange(storeID: "s1", objectType: "document", writes: [anne, editors], changeID: "a1"))
                try await harness.publisher.publish(TupleChange(storeID: "s1", objectType: "group", writes: [bob], changeID: "a2"))
                try await agent.waitForTuple(bob, in: "s1")

                let authenticator = try await HTTPAuthenticator(
                    HTTPAuthConfiguration(tokens: [
                        StaticToken(name: "reader", secret: Self.readToken, scopes: [.read]),
                        StaticToken(name: "ingester", secret: Self.ingestToken, scopes: [HTTPScope("ingest")]),
                    ])
                )
                let routes = Router()
                EdgeAPI(
                    agent: agent.agent,
                    reads: EdgeReads(agent: agent.agent),
                    authenticator: authenticator,
                    hostPolicy: HostPolicy(boundHost: "127.0.0.1")
                ).register(on: routes)
                try await Application(router: routes).test(.live) { client in
                    try await Self.exercise(client)
                }

                // An invalidation on the control subject drops the cached answers of the store it names.
                #expect(agent.agent.cache.count == 1)
                try await harness.ops.publish("rsfga.control.invalidate.s3", payload: ByteBuffer())
                await waitUntilAsync { agent.agent.cache.count == 0 }
                await agent.stop()
            } catch {
                await regional.stop()
                await harness.stop()
                throw error
            }
            await regional.stop()
            await harness.stop()
        }
    }

    static func exercise(_ client: any TestClientProtocol) async throws {
        #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok, "health is open by default")
        let anonymous = try await client.execute(uri: "/stores/s1/tuples", method: .get)
        #expect(anonymous.status == .unauthorized)
        #expect((try json(anonymous)["error"] as? [String: Any])?["code"] as? String == "unauthorized")
        let wrong = try await client.execute(uri: "/stores/s1/tuples", method: .get, headers: bearer("not-a-token-of-this-edge"))
        #expect(wrong.status == .unauthorized)
        let ingest = try await client.execute(uri: "/stores/s1/tuples", method: .get, headers: bearer(ingestToken))
        #expect(ingest.status == .forbidden, "a token without the read scope")
        let check = ByteBuffer(string: #"{"object": "document:1", "relation": "viewer", "user": "user:anne"}"#)
        #expect(try await client.execute(uri: "/stores/s1/check", method: .post, body: check).status == .unauthorized)

        let all = try await client.execute(uri: "/stores/s1/tuples", method: .get, headers: bearer(readToken))
        #expect(all.status == .ok)
        let tuples = try json(all)["tuples"] as? [[String: String]] ?? []
        #expect(
            tuples.map { "\($0["object"]!)#\($0["relation"]!)@\($0["user"]!)" }.sorted() == [
                "document:1#viewer@user:anne", "document:2#editor@group:eng#member", "group:eng#member@user:bob",
            ]
        )
        let filtered = try await client.execute(uri: "/stores/s1/tuples?object=document:1", method: .get, headers: bearer(readToken))
        #expect((try json(filtered)["tuples"] as? [[String: String]])?.count == 1)
        let unknown = try await client.execute(uri: "/stores/s9/tuples", method: .get, headers: bearer(readToken))
        #expect(unknown.status == .notFound)

        func ask(_ store: String, _ body: String) async throws -> (HTTPResponse.Status, Bool?, String?) {
            let response = try await client.execute(
                uri: "/stores/\(store)/check",
                method: .post,
                headers: bearer(readToken),
                body: ByteBuffer(string: body)
            )
            let answer = try json(response)
            return (response.status, answer["allowed"] as? Bool, answer["source"] as? String)
        }
        let direct = try await ask("s1", #"{"object": "document:1", "relation": "viewer", "user": "user:anne"}"#)
        #expect(direct == (.ok, true, "local"))
        let viaUsersetAndImplied = try await ask("s1", #"{"object": "document:2", "relation": "viewer", "user": "user:bob"}"#)
        #expect(
            viaUsersetAndImplied == (.ok, true, "local"),
            "bob is a member of group:eng, whose members edit document:2, and editor implies viewer"
        )
        let denied = try await ask("s1", #"{"object": "document:2", "relation": "viewer", "user": "user:anne"}"#)
        #expect(denied == (.ok, false, "local"))
        let forwarded = try await ask("s3", #"{"object": "document:7", "relation": "viewer", "user": "user:anne"}"#)
        #expect(forwarded == (.ok, true, "forwarded"))
        let cached = try await ask("s3", #"{"object": "document:7", "relation": "viewer", "user": "user:anne"}"#)
        #expect(cached == (.ok, true, "cached"))
        let invalid = try await ask("s1", #"{"object": "document:1"}"#)
        #expect(invalid.0 == .badRequest)

        var foreign = bearer(readToken)
        foreign[.origin] = "https://elsewhere.example"
        let crossSite = try await client.execute(uri: "/stores/s1/tuples", method: .get, headers: foreign)
        #expect(crossSite.status == .forbidden)
        #expect(String(buffer: crossSite.body).contains("origin_not_allowed"))
    }

    @Test func theControlSubjectReportsPositionsAndRebuildsAStore() async throws {
        try await withTimeout(.seconds(240), "for the control subject test") {
            let harness = try await EdgeHarness.start(edges: ["edge-a"])
            do {
                let agent = try await harness.startAgent(
                    harness.config(edge: "edge-a", products: [Product(id: "acme", tier: .critical, stores: ["s1", "s2"])])
                )
                let changes = ChangeWorkload.changes(store: "s1", range: 0..<40, prefix: "control")
                try await harness.publisher.publishBatch(changes)
                try await harness.publisher.publish(
                    TupleChange(
                        storeID: "s2",
                        objectType: "folder",
                        writes: [TupleKey(object: "folder:x", relation: "owner", user: "user:carl")],
                        changeID: "control-s2"
                    )
                )
                try await agent.waitForApplied(41)

                let position = try await Self.control(harness.ops, #"{"action": "position"}"#)
                #expect(position.ok)
                #expect(position.edge == "edge-a")
                #expect(position.stores.map(\.store) == ["s1", "s2"])
                #expect(position.stores.map(\.changes) == [40, 1])
                #expect(position.stores[0].lastSequence < position.stores[1].lastSequence, "s2's change came last")
                #expect(position.counts.applied == 41)

                // A rebuild empties the store and fills it again from the stream: the same tuples, each change once.
                let before = try await agent.store.tuples(store: "s1", limit: 1000)
                let rebuilt = try await Self.control(harness.ops, #"{"action": "rebuild", "store": "s1"}"#)
                #expect(rebuilt.ok, "\(rebuilt.error ?? "")")
                #expect(rebuilt.stores.first { $0.store == "s1" }?.changes == 40)
                #expect(try await agent.store.tuples(store: "s1", limit: 1000) == before)
                #expect(Set(before.map(ChangeWorkload.text)) == ChangeWorkload.endState(changes))
                #expect(try await agent.store.appliedCount() == 41)

                let notKept = try await Self.control(harness.ops, #"{"action": "rebuild", "store": "s7"}"#)
                #expect(!notKept.ok)
                #expect(notKept.error?.contains("s1, s2") == true)
                let unknown = try await Self.control(harness.ops, #"{"action": "explode"}"#)
                #expect(!unknown.ok)
                #expect(unknown.error?.contains("unknown action explode") == true)
                let garbage = try await Self.control(harness.ops, "not json")
                #expect(!garbage.ok)
                await agent.stop()
            } catch {
                await harness.stop()
                throw error
            }
            await harness.stop()
        }
    }

    /// Asks the edge's control subject from the central tier, until the edge's subscription is known there.
    static func control(_ client: NATSClient, _ body: String) async throws -> SyncReply {
        while true {
            do {
                let reply = try await client.request("rsfga.control.sync.edge-a", body, timeout: .seconds(10))
                return try JSONDecoder().decode(SyncReply.self, from: Data(reply.payload.readableBytesView))
            } catch let error as NATSError where error.code == .noResponders {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
