import JetStream
import NATS
import NATSTestSupport
import SluiceJetStreamTransport
import Testing

@testable import SluiceRuntime

/// A pipeline reading an existing stream makes that stream only when the server says it does not exist: any other
/// failure to read it is an error, never a reason to write Sluice's own configuration over someone else's stream.
@Suite struct ExistingStreamTests {
    static let config = """
        authorization {
          users = [
            { user: admin, password: pw }
            { user: limited, password: pw, permissions: { publish: { deny: ["$JS.API.STREAM.INFO.>"] } } }
          ]
        }
        """

    func client(_ server: TestNATSServer, user: String) async throws -> NATSClient {
        var options = NATSClientOptions(servers: [server.url])
        options.auth = .userPassword(user: user, password: "pw")
        return try await NATSClient.connect(options)
    }

    @Test func aStreamThatCannotBeReadIsNeitherCreatedNorUpdated() async throws {
        try await TestNATSServer.withServer(config: Self.config) { server in
            let admin = try await client(server, user: "admin")
            let context = JetStreamContext(client: admin)
            var origin = StreamConfig(name: "ORIGIN", subjects: ["origin.>"])
            origin.maxMessages = 7
            _ = try await context.createStream(origin)

            let limited = try await client(server, user: "limited")
            let transport = try await JetStreamTransport.make(client: limited)
            var binding = TransportBinding(pipeline: "gateway", subject: "origin.>", deadLetterSubject: "sluice.dlq.gateway")
            var source = JetStreamSourceConfig(stream: "ORIGIN")
            source.subjects = ["origin.>"]
            binding.input = .existingStream(source)
            await #expect(throws: TransportError.self) { try await transport.prepare(binding) }
            #expect(try await context.streamInfo("ORIGIN").config.maxMessages == 7)

            await transport.close()
            await limited.close()
            await admin.close()
        }
    }

    @Test func aMissingStreamIsCreatedWithTheSourcesSubjects() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await NATSClient.connect(NATSClientOptions(servers: [server.url]))
            let transport = try await JetStreamTransport.make(client: client)
            var binding = TransportBinding(pipeline: "gateway", subject: "unused", deadLetterSubject: "sluice.dlq.gateway")
            var source = JetStreamSourceConfig(stream: "FRESH")
            source.subjects = ["fresh.>"]
            binding.input = .existingStream(source)
            try await transport.prepare(binding)
            #expect(try await transport.context.streamInfo("FRESH").config.subjects == ["fresh.>"])
            await transport.close()
            await client.close()
        }
    }
}
