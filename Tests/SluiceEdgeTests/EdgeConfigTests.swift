import Foundation
import NATSTestSupport
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
        #expect(config.synchronous == .full)
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

    static let minimal = """
        edge:
          id: edge-a
          nats:
            urls: ["nats://127.0.0.1:4222"]
          store: edge.sqlite
          listen: LISTEN
        AUTH
        products:
          - id: p
            tier: critical
            stores: [s1]
        """

    static func text(listen: String, auth: String = "") -> String {
        minimal.replacingOccurrences(of: "LISTEN", with: listen).replacingOccurrences(of: "AUTH", with: auth)
    }

    @Test func theStoreSyncsEachCommitUnlessToldOtherwise() throws {
        #expect(try EdgeConfig.parse(Self.text(listen: "127.0.0.1:8090")).synchronous == .full)
        let normal = Self.text(listen: "127.0.0.1:8090").replacingOccurrences(
            of: "store: edge.sqlite",
            with: "store: edge.sqlite\n  synchronous: normal"
        )
        #expect(try EdgeConfig.parse(normal).synchronous == .normal)
        let bad = normal.replacingOccurrences(of: "synchronous: normal", with: "synchronous: sometimes")
        let error = #expect(throws: ConfigError.self) { try EdgeConfig.parse(bad, file: "edge.yaml") }
        let issue = error?.issues.first { $0.path == "edge.synchronous" }
        #expect(issue?.message.contains("expected one of full, normal") == true, "\(error?.issues ?? [])")
    }

    @Test func theConsumerFollowsTheStreamsReplicasUnlessTold() throws {
        #expect(try EdgeConfig.parse(Self.text(listen: "127.0.0.1:8090")).consumerReplicas == nil)
        let one = Self.text(listen: "127.0.0.1:8090").replacingOccurrences(
            of: "store: edge.sqlite",
            with: "store: edge.sqlite\n  consumer_replicas: 1"
        )
        #expect(try EdgeConfig.parse(one).consumerReplicas == 1)
        let zero = one.replacingOccurrences(of: "consumer_replicas: 1", with: "consumer_replicas: 0")
        let error = #expect(throws: ConfigError.self) { try EdgeConfig.parse(zero, file: "edge.yaml") }
        #expect(error?.issues.contains { $0.path == "edge.consumer_replicas" } == true, "\(error?.issues ?? [])")
    }

    @Test func anAddressOtherMachinesReachNeedsAuth() throws {
        let error = #expect(throws: ConfigError.self) { try EdgeConfig.parse(Self.text(listen: "0.0.0.0:8090"), file: "edge.yaml") }
        let issue = error?.issues.first { $0.path == "edge.listen" }
        #expect(issue?.message.contains("configure edge.auth") == true, "\(error?.issues ?? [])")
        #expect(try EdgeConfig.parse(Self.text(listen: "127.0.0.1:8090")).auth.isEnabled == false)
        #expect(try EdgeConfig.parse(Self.text(listen: #""[::1]:8090""#)).listen == "[::1]:8090")
    }

    @Test func theAuthBlockHasTheShapeOfTheServers() throws {
        let auth = """
              auth:
                tokens: [{name: reader, token: "${EDGE_TOKEN}", scopes: [read]}]
                open_health: false
              allowed_hosts: [edge.internal]
            """
        let config = try EdgeConfig.parse(Self.text(listen: "0.0.0.0:8090", auth: auth), environment: ["EDGE_TOKEN": "a-read-token-0123456789"])
        #expect(config.auth.tokens.map(\.name) == ["reader"])
        #expect(config.auth.tokens.first?.scopes == [.read])
        #expect(config.auth.openHealth == false)
        #expect(config.allowedHosts == ["edge.internal"])
        #expect(config.exposureProblem(listen: "0.0.0.0:8090") == nil)

        let short = auth.replacingOccurrences(of: "${EDGE_TOKEN}", with: "short")
        let error = #expect(throws: ConfigError.self) { try EdgeConfig.parse(Self.text(listen: "127.0.0.1:8090", auth: short)) }
        #expect(error?.issues.contains { $0.path.hasPrefix("edge.auth.tokens") } == true, "\(error?.issues ?? [])")
    }

    @Test func theAgentRefusesToStartOnAnOpenAddressWithoutAuth() async throws {
        let directory = try TestDirectory.make(prefix: "edge-config")
        defer { TestDirectory.remove(directory) }
        let file = "\(directory)/edge.yaml"
        try Data(Self.text(listen: "127.0.0.1:0").utf8).write(to: URL(fileURLWithPath: file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try EdgeAgentKillTests.sluiceExecutable())
        process.arguments = ["edge", file, "--listen", "0.0.0.0:0"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try await withTimeout(.seconds(60), "for the refusing agent to exit") { try await EdgeAgentKillTests.waitForExit(process) }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus != 0)
        #expect(message.contains("0.0.0.0:0 is not a loopback address"), "\(message)")
    }
}
