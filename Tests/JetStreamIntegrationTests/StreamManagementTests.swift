import JetStream
import NATS
import NIOCore
import Testing

@Suite struct StreamManagementTests {
    @Test func createInfoUpdateListDelete() async throws {
        try await withJetStream { js, _ in
            let account = try await js.accountInfo()
            #expect(account.streams == 0)

            var config = StreamConfig(name: "ORDERS", subjects: ["orders.>"], duplicateWindow: .seconds(30))
            config.metadata = ["owner": "sluice"]
            let created = try await js.createStream(config)
            #expect(created.config.name == "ORDERS")
            #expect(created.config.duplicateWindow == .seconds(30))
            #expect(created.config.metadata["owner"] == "sluice")

            // Creating again with the same configuration succeeds; with another it fails with 10058.
            _ = try await js.createStream(config)
            var other = config
            other.subjects = ["other.>"]
            let inUse = try await #require(throws: JetStreamError.self) { try await js.createStream(other) }
            #expect(inUse.errorCode == .streamNameInUse)

            config.maxMessages = 1000
            config.description = "orders of all shops"
            let updated = try await js.updateStream(config)
            #expect(updated.config.maxMessages == 1000)
            #expect(updated.config.description == "orders of all shops")

            _ = try await js.createStream(StreamConfig(name: "AUDIT", subjects: ["audit.>"], storage: .memory))
            #expect(try await js.streamNames().sorted() == ["AUDIT", "ORDERS"])
            #expect(try await js.streamNames(subject: "audit.x") == ["AUDIT"])
            #expect(try await js.streams().map(\.config.name).sorted() == ["AUDIT", "ORDERS"])

            try await js.deleteStream("AUDIT")
            let missing = try await #require(throws: JetStreamError.self) { try await js.streamInfo("AUDIT") }
            #expect(missing.code == .api)
            #expect(missing.errorCode == .streamNotFound)
            #expect(missing.apiError?.code == 404)
        }
    }

    @Test func changeStreamIsCreatedAsConfigured() async throws {
        try await withJetStream { js, _ in
            // A change stream (`rsfga.changes.>`), with a size this machine can reserve, and R1 on a single server.
            let config = StreamConfig(
                name: "RSFGA_CHANGES",
                subjects: ["rsfga.changes.>"],
                retention: .workQueue,
                storage: .file,
                maxBytes: 1024 * 1024 * 1024,
                discard: .old,
                duplicateWindow: .seconds(120)
            )
            let info = try await js.createStream(config)
            #expect(info.config.retention == .workQueue)
            #expect(info.config.maxBytes == 1024 * 1024 * 1024)
            #expect(info.config.duplicateWindow == .seconds(120))
            #expect(info.config.discard == .old)
        }
    }

    @Test func purgeInEveryForm() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "P", subjects: ["p.>"]))
            for index in 0..<10 { _ = try await js.publish(index % 2 == 0 ? "p.even" : "p.odd", "\(index)") }
            #expect(try await js.purgeStream("P", subject: "p.odd") == 5)
            #expect(try await js.streamInfo("P").state.messages == 5)
            // Sequences 1, 3, 5, 7, 9 remain; purge below 5 removes 1 and 3.
            #expect(try await js.purgeStream("P", upToSequence: 5) == 2)
            #expect(try await js.purgeStream("P", keep: 1) == 2)
            #expect(try await js.streamInfo("P").state.firstSequence == 9)
            for index in 0..<3 { _ = try await js.publish("p.even", "\(index)") }
            #expect(try await js.purgeStream("P") == 4)
            #expect(try await js.streamInfo("P").state.messages == 0)
        }
    }

    @Test func getAndDeleteMessages() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "G", subjects: ["g.>"]))
            _ = try await js.publish("g.a", "first", headers: ["X-Trace": "t1"])
            _ = try await js.publish("g.b", "second")
            _ = try await js.publish("g.a", "third")
            let byNumber = try await js.getMessage(stream: "G", sequence: 1)
            #expect(byNumber.subject == "g.a")
            #expect(String(buffer: byNumber.payload) == "first")
            #expect(byNumber.headers?["X-Trace"] == "t1")
            #expect(byNumber.time != nil)
            let last = try await js.getLastMessage(stream: "G", subject: "g.a")
            #expect(last.sequence == 3)
            #expect(String(buffer: last.payload) == "third")

            try await js.deleteMessage(stream: "G", sequence: 2)
            let gone = try await #require(throws: JetStreamError.self) { try await js.getMessage(stream: "G", sequence: 2) }
            #expect(gone.errorCode == .noMessageFound)
            let info = try await js.streamInfo("G", deletedDetails: true)
            #expect(info.state.deleted == [2])
        }
    }

    @Test func invalidNamesFailBeforeTheRoundTrip() async throws {
        try await withJetStream { js, _ in
            for name in ["", "a.b", "a b", "a*", "a>"] {
                let error = try await #require(throws: JetStreamError.self) { try await js.streamInfo(name) }
                #expect(error.code == .invalidArgument)
            }
        }
    }

    @Test func jetStreamDisabledIsNoResponders() async throws {
        try await NATSTestSupportBridge.withServer(jetStream: false) { url in
            let client = try await connect(urls: [url])
            let js = JetStreamContext(client: client, timeout: .seconds(2))
            let error = try await #require(throws: JetStreamError.self) { try await js.accountInfo() }
            #expect(error.code == .noResponders)
            await client.close()
        }
    }
}
