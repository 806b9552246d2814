import Foundation
import NATS
import NATSTestSupport
import NIOCore
import SluiceCore
import SluiceElasticsearch
import Synchronization
import Testing

@testable import SluiceRuntime

/// The write role: envelopes from a stream, bulk-written with external versions into a real OpenSearch-compatible
/// server, with per-item outcomes, the DLQ and the circuit breaker.
@Suite(.serialized) struct ElasticsearchSinkTests {
    static func config(directory: String, natsURL: String, targetURL: String) throws -> SluiceConfig {
        try SluiceConfig.parse(
            """
            transport: jetstream
            nats: {url: "\(natsURL)"}
            data_dir: \(directory)/state
            server: {enabled: false}
            streams:
              - {name: CHANGES, subjects: ["es.>"]}
            elasticsearch:
              target: {url: "\(targetURL)"}
            pipelines:
              - name: write
                source: {type: jetstream, stream: CHANGES, subjects: ["es.>"]}
                sink:
                  type: elasticsearch
                  cluster: target
                  index_prefix: sync-
                  indices: {assets: {mappings: {properties: {price: {type: long}}}}}
                  breaker: {failures: 2, cooldown: 500ms}
                retry: {backoff: [200ms], max_deliver: 2}
            """,
            file: "write.yaml"
        )
    }

    static func envelope(_ id: String, version: Int64, event: String = "updated", payload: JSONValue) -> TransportOutgoingMessage {
        let envelope = Envelope(
            producer: "iconik",
            resourceType: "assets",
            resourceID: id,
            eventType: event,
            version: version,
            payload: payload
        )
        return TransportOutgoingMessage(
            subject: "es.iconik.assets",
            payload: ByteBuffer(bytes: envelope.encoded()),
            messageID: envelope.eventID
        )
    }

    static func doc(_ title: String, price: Int64 = 1) -> JSONValue {
        .object(["title": .string(title), "price": .int(price)])
    }

    @Test func versionsDeletesRejectsAndTheBreaker() async throws {
        try await TestNATSServer.withServer { nats in
            try await TestOSMemServer.withServer { target in
                let directory = try TestDirectory.make(prefix: "runtime-es-sink")
                defer { TestDirectory.remove(directory) }
                let harness = try await RuntimeHarness(config: try Self.config(directory: directory, natsURL: nats.url, targetURL: target.url))
                let client = try await ElasticsearchClient.connect(ElasticsearchConfiguration(url: target.url))
                defer { Task { try? await client.shutdown() } }
                let transport = harness.runtime.transport
                /// Whether the target holds `documents` documents and the pipeline has nothing pending.
                func settled(_ documents: Int) async throws -> Bool {
                    guard let count = try? await client.count("sync-assets"), count == documents else { return false }
                    return try await harness.runtime.pending(pipeline: "write") == 0
                }

                // Creates and updates: the newest version wins; a stale update is acknowledged and changes nothing.
                try await transport.publish((0..<20).map { Self.envelope("a\($0)", version: 10, payload: Self.doc("asset \($0)")) })
                try await transport.publish([
                    Self.envelope("a1", version: 12, payload: Self.doc("asset 1 renamed")),
                    Self.envelope("a1", version: 11, payload: Self.doc("asset 1 stale")),
                ])
                try await harness.waitUntil("20 documents written") { try await settled(20) }
                let renamed = try #require(try await client.document(index: "sync-assets", id: "a1"))
                #expect(renamed.version == 12)
                #expect(renamed.source?["title"] == .string("asset 1 renamed"))

                // A delete wins over an older update that arrives after it.
                try await transport.publish([Self.envelope("a2", version: 20, event: "deleted", payload: .object([:]))])
                try await transport.publish([Self.envelope("a2", version: 15, payload: Self.doc("asset 2 late"))])
                try await harness.waitUntil("a2 deleted") { try await settled(19) }
                #expect(try await client.document(index: "sync-assets", id: "a2") == nil)

                // A mapping error goes to the DLQ with the server's reason, then its message is terminated; nothing else
                // is held up.
                let observer = try await NATSClient.connect(NATSClientOptions(servers: [nats.url]))
                defer { Task { await observer.close() } }
                let terminations = try await observer.subscribe("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>")
                try await observer.flush()
                let termination = Mutex<NATSMessage?>(nil)
                let reader = Task {
                    for try await message in terminations {
                        termination.withLock { $0 = message }
                        break
                    }
                }
                defer { reader.cancel() }
                try await transport.publish([Self.envelope("bad", version: 1, payload: .object(["price": .string("cheap")]))])
                try await harness.waitUntil("the bad document is dead-lettered") {
                    let letters = try await harness.deadLetterCount()
                    guard letters == 1 else { return false }
                    return try await settled(19)
                }
                let letter = try #require(try await harness.runtime.deadLetters(pipeline: "write", limit: 1, cursor: nil).letters.first)
                #expect(letter.reason.contains("mapper_parsing_exception"))
                #expect(letter.subject == "es.iconik.assets")
                try await harness.waitUntil("the message is terminated") { termination.withLock { $0 != nil } }
                let advisory = try #require(termination.withLock { $0 })
                #expect(advisory.subject.hasSuffix(".write"))
                #expect(String(buffer: advisory.payload).contains("mapper_parsing_exception"))

                // The target goes away: the breaker opens, /readyz says so, and everything arrives once it is back, however
                // many deliveries that took (max_deliver is 2): an outage is not the records' fault.
                await target.stop(removingDirectory: false)
                try await transport.publish((100..<105).map { Self.envelope("b\($0)", version: 1, payload: Self.doc("late \($0)")) })
                try await harness.waitUntil("the breaker is reported") {
                    let readiness = await harness.runtime.readiness()
                    return readiness.degraded && readiness.reasons.contains { $0.contains("circuit breaker is open") }
                }
                try await target.start()
                // osmem keeps nothing across a restart, so the target now holds just the five late documents.
                try await harness.waitUntil("the late documents arrive") { try await settled(5) }
                #expect(await harness.runtime.readiness().degraded == false)
                #expect(try await harness.deadLetterCount() == 1)
                try await harness.drain()
            }
        }
    }
}
