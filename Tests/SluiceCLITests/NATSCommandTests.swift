import Foundation
import NATSTestSupport
import Testing

/// `sluice nats pub|sub|request|reply` as separate processes against a real nats-server, as one debugs with them
/// from two terminals.
@Suite struct NATSCommandTests {
    @Test func subPrintsWhatPubSentWithItsHeader() async throws {
        try await TestNATSServer.withServer { server in
            let directory = try ScratchDirectory("nats-pubsub")
            defer { directory.remove() }
            let subscriber = try SluiceProcess(
                ["nats", "sub", "orders.>", "--count", "2", "--server", server.url],
                in: directory.path
            )
            defer { subscriber.killIfRunning() }
            try await subscriber.waitForOutput("listening on orders.>")

            let published = try await SluiceCommand.run(
                ["nats", "pub", "orders.created", #"{"id":{{i}}}"#, "--header", "Trace:abc", "--count", "2", "--server", server.url],
                in: directory.path
            )
            #expect(published.status == 0, "\(published.output)")
            #expect(published.stdout.contains("published 2 messages to orders.created"), "\(published.output)")

            // `--count 2` ends the subscriber after the second message.
            #expect(try await subscriber.waitForExit() == 0, "\(subscriber.text)")
            let text = subscriber.text
            #expect(text.contains("[#1] orders.created\n  Trace: abc\n{\"id\":1}"), "\(text)")
            #expect(text.contains("[#2] orders.created\n  Trace: abc\n{\"id\":2}"), "\(text)")
        }
    }

    @Test func replyAnswersRequest() async throws {
        try await TestNATSServer.withServer { server in
            let directory = try ScratchDirectory("nats-request")
            defer { directory.remove() }
            let responder = try SluiceProcess(
                ["nats", "reply", "time.now", "answer {{i}}", "--count", "1", "--server", server.url],
                in: directory.path
            )
            defer { responder.killIfRunning() }
            try await responder.waitForOutput("replying on time.now")

            let requested = try await SluiceCommand.run(
                ["nats", "request", "time.now", "what time is it", "--header", "Asker:test", "--timeout", "10", "--server", server.url],
                in: directory.path
            )
            #expect(requested.status == 0, "\(requested.output)")
            #expect(requested.stdout.contains("answer 1"), "\(requested.output)")

            // The responder saw the request, with its header, and ends after it (`--count 1`).
            #expect(try await responder.waitForExit() == 0, "\(responder.text)")
            #expect(responder.text.contains("  Asker: test\nwhat time is it"), "\(responder.text)")
        }
    }
}
