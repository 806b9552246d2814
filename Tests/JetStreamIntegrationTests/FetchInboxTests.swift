import NATS
import Testing

@testable import JetStream

/// Fetches of one consumer handle share an inbox subscription while it is safe: only after the server ended the
/// request before.
@Suite struct FetchInboxTests {
    @Test func fetchesInARowShareOneInboxAndIgnoreLateFramesOfEarlierRequests() async throws {
        try await withJetStream { js, _ in
            let consumer = try await makeConsumerOnFilledStream(js, count: 2)
            let first = try await consumer.fetch(batch: 2, expires: .seconds(5))
            #expect(try await collect(first).map(\.string) == ["m-0", "m-1"])
            let second = try await consumer.fetch(batch: 2, expires: .seconds(10))
            #expect(second.session.subscription === first.session.subscription)
            #expect(second.session.inbox.replySubject != first.session.inbox.replySubject)
            // A request-timeout frame for the first request reaches the inbox while the second waits, with nothing
            // else to read: it must not end the second.
            var timeout = NATSHeaders()
            timeout.status = 408
            timeout.statusDescription = "Request Timeout"
            try await js.client.publish(first.session.inbox.replySubject, headers: timeout)
            try await js.client.flush()
            async let received = collect(second)
            try await fill(js, subject: "s", count: 2, prefix: "n")
            #expect(try await received.map(\.string) == ["n-0", "n-1"])
        }
    }

    @Test func aFetchEndedByTheServersStatusGivesItsInboxToTheNext() async throws {
        try await withJetStream { js, _ in
            let consumer = try await makeConsumerOnFilledStream(js, count: 1)
            // Fewer messages than the batch: the server ends the request with 404.
            let first = try await consumer.fetch(PullFetchOptions(batch: 5, noWait: true))
            #expect(try await collect(first).map(\.string) == ["m-0"])
            try await fill(js, subject: "s", count: 1, prefix: "n")
            let second = try await consumer.fetch(batch: 1, expires: .seconds(5))
            #expect(second.session.subscription === first.session.subscription)
            #expect(try await collect(second).map(\.string) == ["n-0"])
        }
    }

    @Test func aFetchStoppedEarlyKeepsItsLateMessagesFromTheNext() async throws {
        try await withJetStream { js, _ in
            var config = ConsumerConfig(durableName: "w")
            config.ackWait = .seconds(30)
            let consumer = try await makeConsumerOnFilledStream(js, count: 20, config: config)
            let first = try await consumer.fetch(batch: 10, expires: .seconds(5))
            var iterator = first.makeAsyncIterator()
            #expect(try await iterator.next()?.string == "m-0")
            #expect(try await iterator.next()?.string == "m-1")
            first.stop()
            // Whatever still comes for the first request (the server may still be sending m-2 to m-9) stays there.
            try await js.client.publish(first.session.inbox.replySubject, "late")
            let second = try await consumer.fetch(batch: 5, expires: .seconds(5))
            #expect(second.session.subscription !== first.session.subscription)
            #expect(try await collect(second).map(\.string) == (10..<15).map { "m-\($0)" })
        }
    }
}
