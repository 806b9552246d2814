import Foundation
import SluiceEdge
import SluiceRuntime
import Testing

@Suite struct EdgeConfigTests {
    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    @Test func theExampleReadsWithItsProducts() throws {
        let config = try EdgeConfig.load(file: "\(Self.repository)/config/edge.example.yaml", environment: ["EDGE_AGENT_PASS": "pw"])
        #expect(config.id == "edge-tokyo-1")
        #expect(config.consumerName == "edge-edge-tokyo-1")
        #expect(config.nats.password == "pw")
        #expect(config.nats.domain == "central")
        #expect(config.products.products.map(\.mode) == [.full, .full, .cache])
        #expect(
            config.products.filterSubjects(prefix: "rsfga.changes") == [
                "rsfga.changes.store-acme-1.*.document", "rsfga.changes.store-acme-1.*.folder", "rsfga.changes.store-acme-1.*.group",
                "rsfga.changes.store-acme-2.*.document", "rsfga.changes.store-acme-2.*.folder", "rsfga.changes.store-acme-2.*.group",
                "rsfga.changes.store-global.>",
            ]
        )
    }

    @Test func shouldSyncFollowsTheTiers() {
        let critical = Product(id: "a", tier: .critical, stores: ["s1"])
        let hot = Product(id: "b", tier: .hot, stores: ["s2"], objectTypes: ["document"])
        let cold = Product(id: "c", tier: .cold, stores: ["s3"])
        #expect(critical.shouldSync(store: "s1", objectType: "anything"))
        #expect(hot.shouldSync(store: "s2", objectType: "document"))
        #expect(!hot.shouldSync(store: "s2", objectType: "folder"))
        #expect(!cold.shouldSync(store: "s3", objectType: "document"))
        #expect(!critical.shouldSync(store: "s2", objectType: "document"))
        // A store kept whole by one product is one filter, not overlapping ones.
        let both = ProductRegistry([critical, Product(id: "d", tier: .hot, stores: ["s1"], objectTypes: ["document"])])
        #expect(both.filterSubjects(prefix: "p") == ["p.s1.>"])
    }

    @Test func everyProblemIsNamedWithItsLine() throws {
        let text = """
            edge:
              id: "bad id"
              nats:
                urls: ["nats://127.0.0.1:4222"]
                password_env: NOT_SET_ANYWHERE
              store: edge.sqlite
              nak_delay: soon
            products:
              - id: p
                tier: lukewarm
                stores: [s1]
              - id: q
                tier: hot
                stores: [s.2]
              - id: r
                tier: cold
                stores: [s3]
            """
        let error = #expect(throws: ConfigError.self) { try EdgeConfig.parse(text, file: "edge.yaml") }
        let found = (error?.issues ?? []).map { "\($0.line):\($0.path)" }
        #expect(found.contains("2:edge.id"), "\(found)")
        #expect(found.contains("5:edge.nats.password_env"), "\(found)")
        #expect(found.contains("7:edge.nak_delay"), "\(found)")
        #expect(found.contains("10:products[0].tier"), "\(found)")
        #expect(found.contains("12:products[1].object_types"), "\(found)")
        #expect(found.contains("14:products[1].stores"), "\(found)")
        #expect(found.contains { $0.hasSuffix("products[2].mode") }, "a cache-mode product needs regional_api: \(found)")
    }

    @Test func aChangeIsCheckedBeforeItIsPublished() {
        let bad = TupleChange(storeID: "a.b", objectType: "document", writes: [], changeID: "x")
        #expect(throws: EdgeError.self) { try bad.validate() }
        let noID = TupleChange(
            storeID: "s1",
            objectType: "document",
            writes: [TupleKey(object: "document:1", relation: "viewer", user: "u")],
            changeID: ""
        )
        #expect(throws: EdgeError.self) { try noID.validate() }
        let good = TupleChange(
            storeID: "s1",
            objectType: "document",
            deletes: [TupleKey(object: "document:1", relation: "viewer", user: "u")],
            changeID: "c"
        )
        #expect(good.subject() == "rsfga.changes.s1.delete.document")
    }
}
