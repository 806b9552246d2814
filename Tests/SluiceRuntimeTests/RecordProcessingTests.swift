import Foundation
import NIOCore
import SluiceCore
import Testing

@testable import SluiceRuntime

/// The record decoder and processor on their own: bytes in, an envelope with its subject, a filtered record or a
/// rejection with its reason out, with no I/O.
@Suite struct RecordProcessingTests {
    static let time = DecodingTime(Date(timeIntervalSince1970: 1_800_000_000))

    func processor(_ yaml: String = "") throws -> RecordProcessor {
        let config = try SluiceConfig.parse(
            """
            pipelines:
              - name: orders
                source: {type: http}
                subject: "orders.{resource_type}.{event_type}"
                sink: {type: search_index, index: orders, fields: [title]}
            \(yaml)
            """
        )
        return try RecordProcessor(config: config.pipelines[0])
    }

    func process(_ text: String, with processor: RecordProcessor) -> RecordProcessor.Outcome {
        processor.process(ByteBuffer(string: text), at: Self.time)
    }

    func rejection(_ outcome: RecordProcessor.Outcome) -> String? {
        if case .reject(let reason, _) = outcome { reason } else { nil }
    }

    @Test func aPlainObjectBecomesTheEnvelopesPayloadWithIdVersionAndEventTypeFromItsFields() throws {
        let processor = try processor(
            """
                record: {id_field: order.id, version_field: rev, event_type_field: op, resource_type: sales, producer: shop}
            """
        )
        let outcome = process(#"{"order":{"id":"o-1"},"rev":7,"op":"created","title":"bike"}"#, with: processor)
        guard case .deliver(let record) = outcome else {
            Issue.record("expected a delivery, got \(outcome)")
            return
        }
        #expect(record.envelope.resourceID == "o-1")
        #expect(record.envelope.version == 7)
        #expect(record.envelope.eventType == "created")
        #expect(record.envelope.resourceType == "sales")
        #expect(record.envelope.producer == "shop")
        #expect(record.envelope.payload["title"] == "bike")
        #expect(record.subject == "orders.sales.created")
        #expect(record.envelope.occurredAt == Self.time.text)
    }

    @Test func anIntegerIdIsItsDecimalTextAndWithoutAVersionFieldTheVersionIsTheDecodingTime() throws {
        guard case .deliver(let record) = process(#"{"id":42}"#, with: try processor()) else {
            Issue.record("expected a delivery")
            return
        }
        #expect(record.envelope.resourceID == "42")
        #expect(record.envelope.version == 1_800_000_000_000)
        #expect(record.envelope.eventType == "updated")
        #expect(record.envelope.resourceType == "orders")
    }

    @Test func anEnvelopeIsTakenAsItIs() throws {
        let envelope = Envelope(producer: "p", resourceType: "assets", resourceID: "a-1", eventType: "deleted", version: 3, payload: ["x": 1])
        let text = String(decoding: envelope.encoded(), as: UTF8.self)
        guard case .deliver(let record) = process(text, with: try processor()) else {
            Issue.record("expected a delivery")
            return
        }
        #expect(record.envelope == envelope)
        #expect(record.subject == "orders.assets.deleted")
    }

    @Test(arguments: [
        (#"{"id": "broken", "title": "#, "malformed JSON"),
        ("[1,2]", "expected a JSON object, got array"),
        (#"{"title":"no id"}"#, "missing id: the record has no field 'id' (record.id_field)"),
        (#"{"id":""}"#, "invalid id: field 'id' must be a non-empty string or an integer, got string"),
        (#"{"id":true}"#, "invalid id: field 'id' must be a non-empty string or an integer, got boolean"),
        (#"{"event_id":"x","payload":{}}"#, "invalid envelope"),
    ])
    func recordsThatCannotBeEnvelopesAreRejectedWithTheirReason(text: String, reason: String) throws {
        let outcome = process(text, with: try processor())
        #expect(rejection(outcome)?.hasPrefix(reason) == true, "\(outcome)")
    }

    @Test func aVersionOrEventTypeFieldOfTheWrongTypeIsRejected() throws {
        let processor = try processor("    record: {version_field: rev, event_type_field: op}")
        #expect(rejection(process(#"{"id":"a","rev":"7","op":"x"}"#, with: processor))?.hasPrefix("invalid version") == true)
        #expect(rejection(process(#"{"id":"a","rev":7,"op":""}"#, with: processor))?.hasPrefix("invalid event type") == true)
    }

    @Test func aRecordOverMaxBytesIsRejectedBeforeItIsParsed() throws {
        let processor = try processor("    record: {max_bytes: 32}")
        let outcome = process(#"{"id":"a","body":"\#(String(repeating: "x", count: 40))"}"#, with: processor)
        #expect(rejection(outcome)?.contains("over the limit of 32 (record.max_bytes)") == true)
    }

    @Test func filtersDropAndValidationRejectsWithTheRenderedSubject() throws {
        let processor = try processor(
            """
                filters:
                  - where: {path: payload.kind, in: [order]}
                transforms:
                  - validate: {required: [payload.title]}
            """
        )
        guard case .filtered = process(#"{"id":"a","kind":"noise","title":"t"}"#, with: processor) else {
            Issue.record("expected the record to be filtered")
            return
        }
        let outcome = process(#"{"id":"b","kind":"order"}"#, with: processor)
        guard case .reject(let reason, let subject) = outcome else {
            Issue.record("expected a rejection, got \(outcome)")
            return
        }
        #expect(reason.contains("payload.title"))
        #expect(subject == "orders.orders.updated")
    }
}
