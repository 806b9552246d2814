import Foundation
import Logging
import NATS
import NATSTestSupport
import NIOCore
import SluiceJetStreamTransport
import SluiceSQLiteTransport
import Testing

@testable import SluiceRuntime

/// The contract of ``Transport``, written once and run against every transport: publish, fetch, ack, nak with a
/// delay, term, redelivery after the ack wait, the delivery count that max deliver is counted with, deduplication,
/// pending, dead letters, and what a reopened transport still holds.
@Suite(.serialized) struct TransportConformanceTests {
    /// The transports under test, each opened on a real server or file of its own.
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case jetstream, sqlite
        var testDescription: String { rawValue }
    }

    static let binding = TransportBinding(pipeline: "orders", subject: "sluice.orders", deadLetterSubject: "sluice.dlq.orders")
    /// A binding whose messages come back a second after a delivery left unsettled.
    static let impatient = {
        var binding = TransportBinding(pipeline: "impatient", subject: "sluice.impatient", deadLetterSubject: "sluice.dlq.impatient")
        binding.ackWait = .seconds(1)
        return binding
    }()

    /// Runs `body` with a prepared transport of `kind` and a way to close it and open it again on the same storage.
    func withTransport(
        _ kind: Kind,
        _ body: (_ transport: any Transport, _ reopen: (any Transport) async throws -> any Transport) async throws -> Void
    ) async throws {
        switch kind {
        case .sqlite:
            let directory = try TestDirectory.make(prefix: "transport-sqlite")
            defer { TestDirectory.remove(directory) }
            let open = { () async throws -> any Transport in
                let transport = try await SQLiteTransport.open(path: "\(directory)/queue.sqlite")
                try await transport.prepare(Self.binding)
                try await transport.prepare(Self.impatient)
                return transport
            }
            var current = try await open()
            do {
                try await body(current) { old in
                    await old.close()
                    current = try await open()
                    return current
                }
            } catch {
                await current.close()
                throw error
            }
            await current.close()
        case .jetstream:
            try await TestNATSServer.withServer { server in
                var clients: [NATSClient] = []
                let open = { () async throws -> any Transport in
                    let client = try await NATSClient.connect(NATSClientOptions(servers: [server.url]))
                    clients.append(client)
                    let transport = try await JetStreamTransport.make(client: client)
                    try await transport.prepare(Self.binding)
                    try await transport.prepare(Self.impatient)
                    return transport
                }
                var current = try await open()
                var failure: (any Error)?
                do {
                    try await body(current) { old in
                        await old.close()
                        current = try await open()
                        return current
                    }
                } catch {
                    failure = error
                }
                await current.close()
                for client in clients { await client.close() }
                if let failure { throw failure }
            }
        }
    }

    static func message(_ text: String, id: String? = nil, to binding: TransportBinding = binding) -> TransportOutgoingMessage {
        TransportOutgoingMessage(subject: binding.subject, payload: ByteBuffer(string: text), headers: ["Sluice-Test": text], messageID: id)
    }

    /// Fetches until `count` messages arrived (or a fetch comes back empty), for transports that hand out a batch in parts.
    static func fetch(
        _ transport: any Transport,
        _ count: Int,
        from binding: TransportBinding = binding,
        expires: Duration = .seconds(5)
    ) async throws -> [TransportMessage] {
        var messages: [TransportMessage] = []
        while messages.count < count {
            let batch = try await transport.fetch(binding, batch: count - messages.count, expires: expires)
            if batch.isEmpty { break }
            messages += batch
        }
        return messages
    }

    @Test(arguments: Kind.allCases)
    func publishedMessagesArriveInOrderWithHeadersAndAckSettlesThem(kind: Kind) async throws {
        try await withTransport(kind) { transport, _ in
            try await transport.publish((1...5).map { Self.message("m\($0)") })
            #expect(try await transport.pending(Self.binding) == 5)
            let messages = try await Self.fetch(transport, 5)
            #expect(messages.map { String(buffer: $0.payload) } == ["m1", "m2", "m3", "m4", "m5"])
            #expect(messages.allSatisfy { $0.deliveryCount == 1 && $0.subject == Self.binding.subject })
            #expect(messages.map { $0.headers["Sluice-Test"] } == ["m1", "m2", "m3", "m4", "m5"])
            for message in messages { try await transport.ack(message) }
            #expect(try await transport.pending(Self.binding) == 0)
            #expect(try await transport.fetch(Self.binding, batch: 5, expires: .milliseconds(200)).isEmpty)
        }
    }

    @Test(arguments: Kind.allCases)
    func aMessageIDPublishedTwiceIsStoredOnce(kind: Kind) async throws {
        try await withTransport(kind) { transport, _ in
            try await transport.publish([Self.message("first", id: "order-1")])
            try await transport.publish([Self.message("again", id: "order-1"), Self.message("other", id: "order-2")])
            let messages = try await Self.fetch(transport, 3, expires: .milliseconds(500))
            #expect(messages.map { String(buffer: $0.payload) } == ["first", "other"])
        }
    }

    @Test(arguments: Kind.allCases)
    func aNakRedeliversWithTheNextDeliveryCountAndADelayHoldsItBack(kind: Kind) async throws {
        try await withTransport(kind) { transport, _ in
            try await transport.publish([Self.message("now"), Self.message("later")])
            let first = try await Self.fetch(transport, 2)
            try #require(first.count == 2)
            try await transport.nak(first[0], delay: .zero)
            try await transport.nak(first[1], delay: .seconds(120))
            // The one without a delay comes back, counted; the one with a long delay stays pending, not delivered.
            let again = try await transport.fetch(Self.binding, batch: 2, expires: .milliseconds(1500))
            #expect(again.map { String(buffer: $0.payload) } == ["now"])
            #expect(again.first?.deliveryCount == 2)
            for message in again { try await transport.ack(message) }
            #expect(try await transport.pending(Self.binding) == 1)
        }
    }

    @Test(arguments: Kind.allCases)
    func aTerminatedMessageIsNotDeliveredAgain(kind: Kind) async throws {
        try await withTransport(kind) { transport, _ in
            try await transport.publish([Self.message("poison")])
            let messages = try await Self.fetch(transport, 1)
            try #require(messages.count == 1)
            try await transport.term(messages[0], reason: "refused by the sink")
            #expect(try await transport.fetch(Self.binding, batch: 1, expires: .milliseconds(1500)).isEmpty)
            #expect(try await transport.pending(Self.binding) == 0)
        }
    }

    @Test(arguments: Kind.allCases)
    func anUnsettledMessageComesBackAfterTheAckWaitCountingEachDelivery(kind: Kind) async throws {
        try await withTransport(kind) { transport, _ in
            try await transport.publish([Self.message("slow", to: Self.impatient)])
            // Each delivery left unsettled comes back after the binding's one-second ack wait, counted: the count the
            // pipeline compares with max deliver.
            for delivery in 1...3 {
                let messages = try await Self.fetch(transport, 1, from: Self.impatient, expires: .seconds(10))
                try #require(messages.count == 1)
                #expect(messages[0].deliveryCount == delivery)
            }
        }
    }

    @Test(arguments: Kind.allCases)
    func deadLettersKeepTheirReasonAndCanBeTakenOnceForReplay(kind: Kind) async throws {
        try await withTransport(kind) { transport, _ in
            for number in 1...3 {
                try await transport.deadLetter(
                    OutgoingDeadLetter(
                        pipeline: Self.binding.pipeline,
                        originalSubject: "orders.created",
                        deadLetterSubject: Self.binding.deadLetterSubject,
                        reason: "reason \(number)",
                        deliveries: number,
                        payload: ByteBuffer(string: #"{"id":"\#(number)"}"#)
                    )
                )
            }
            let letters = try await transport.deadLetters(pipeline: Self.binding.pipeline, limit: 10)
            #expect(letters.count == 3)
            #expect(Set(letters.map(\.reason)) == ["reason 1", "reason 2", "reason 3"])
            #expect(letters.allSatisfy { $0.pipeline == Self.binding.pipeline && $0.subject == "orders.created" })
            let second = try #require(letters.first { $0.reason == "reason 2" })
            #expect(second.deliveries == 2)
            #expect(second.payload == #"{"id":"2"}"#)
            #expect(try await transport.deadLetter(id: second.id) == second)
            #expect(try await transport.deadLetters(pipeline: "someone-else", limit: 10).isEmpty)

            let taken = try await transport.takeDeadLetters(pipeline: Self.binding.pipeline, ids: [second.id])
            #expect(taken.map(\.id) == [second.id])
            #expect(try await transport.takeDeadLetters(pipeline: Self.binding.pipeline, ids: [second.id]).isEmpty)
            #expect(try await transport.deadLetter(id: second.id) == nil)
            #expect(try await transport.deadLetters(pipeline: Self.binding.pipeline, limit: 10).count == 2)
        }
    }

    @Test(arguments: Kind.allCases)
    func deadLettersArePagedNewestFirstByCursorAndReadOneByID(kind: Kind) async throws {
        try await withTransport(kind) { transport, _ in
            for number in 1...5 {
                try await transport.deadLetter(
                    OutgoingDeadLetter(
                        pipeline: Self.binding.pipeline,
                        originalSubject: "orders.created",
                        deadLetterSubject: Self.binding.deadLetterSubject,
                        reason: "reason \(number)",
                        deliveries: 1,
                        payload: ByteBuffer(bytes: [0xFF, 0xFE, UInt8(number)])
                    )
                )
            }
            let all = try await transport.deadLetters(pipeline: Self.binding.pipeline, limit: 10, cursor: nil)
            #expect(all.letters.map(\.reason) == (1...5).reversed().map { "reason \($0)" })
            #expect(all.nextCursor == nil)
            #expect(all.letters.first?.rawPayload == ByteBuffer(bytes: [0xFF, 0xFE, 5]))

            // A replayed letter leaves a gap that the pages pass over.
            _ = try await transport.takeDeadLetters(pipeline: nil, ids: [all.letters[2].id])
            var reasons: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await transport.deadLetters(pipeline: pages.isMultiple(of: 2) ? Self.binding.pipeline : nil, limit: 2, cursor: cursor)
                reasons += page.letters.map(\.reason)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil
            #expect(reasons == ["reason 5", "reason 4", "reason 2", "reason 1"])
            #expect(pages == 2)

            for letter in all.letters where letter.id != all.letters[2].id {
                #expect(try await transport.deadLetter(id: letter.id) == letter)
            }
            #expect(try await transport.deadLetter(id: all.letters[2].id) == nil)
            let error = await #expect(throws: TransportError.self) {
                _ = try await transport.deadLetters(pipeline: Self.binding.pipeline, limit: 2, cursor: "not a cursor")
            }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test(arguments: Kind.allCases)
    func whatWasNotAcknowledgedIsDeliveredAgainAfterAReopen(kind: Kind) async throws {
        try await withTransport(kind) { transport, reopen in
            try await transport.publish((1...4).map { Self.message("r\($0)", to: Self.impatient) })
            let delivered = try await Self.fetch(transport, 4, from: Self.impatient)
            try #require(delivered.count == 4)
            try await transport.ack(delivered[0])
            try await transport.ack(delivered[1])
            try await transport.deadLetter(
                OutgoingDeadLetter(
                    pipeline: Self.binding.pipeline,
                    originalSubject: Self.binding.subject,
                    deadLetterSubject: Self.binding.deadLetterSubject,
                    reason: "kept",
                    deliveries: 1,
                    payload: ByteBuffer(string: "r0")
                )
            )
            let reopened = try await reopen(transport)
            let again = try await Self.fetch(reopened, 2, from: Self.impatient, expires: .seconds(10))
            #expect(again.map { String(buffer: $0.payload) } == ["r3", "r4"])
            #expect(try await reopened.deadLetters(pipeline: Self.binding.pipeline, limit: 10).map(\.reason) == ["kept"])
        }
    }

    @Test(arguments: Kind.allCases)
    func aReplayClaimHoldsAgainstOtherHoldersUntilReleasedOrRunOut(kind: Kind) async throws {
        try await withTransport(kind) { transport, reopen in
            #expect(try await transport.claimDeadLetterReplay(pipeline: "orders", holder: "a", lease: .seconds(30)))
            #expect(try await transport.claimDeadLetterReplay(pipeline: "orders", holder: "b", lease: .seconds(30)) == false)
            // Claiming again renews it; other pipelines are claims of their own.
            #expect(try await transport.claimDeadLetterReplay(pipeline: "orders", holder: "a", lease: .seconds(30)))
            #expect(try await transport.claimDeadLetterReplay(pipeline: "impatient", holder: "b", lease: .seconds(30)))
            // Only its holder ends a claim, and the claim outlives the transport that took it.
            try await transport.releaseDeadLetterReplay(pipeline: "orders", holder: "b")
            let reopened = try await reopen(transport)
            #expect(try await reopened.claimDeadLetterReplay(pipeline: "orders", holder: "b", lease: .seconds(30)) == false)
            try await reopened.releaseDeadLetterReplay(pipeline: "orders", holder: "a")
            #expect(try await reopened.claimDeadLetterReplay(pipeline: "orders", holder: "b", lease: .milliseconds(200)))
            // A claim that is not renewed runs out.
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await reopened.claimDeadLetterReplay(pipeline: "orders", holder: "c", lease: .seconds(30)))
        }
    }
}
