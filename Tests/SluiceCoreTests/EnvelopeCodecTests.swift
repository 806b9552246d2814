import Foundation
import PropertyBased
import SluiceCore
import Testing

@Suite struct EnvelopeCodecTests {
    private let wire =
        #"{"event_id":"01JD0000000000000000000000","schema_version":1,"producer":"gcp-es","#
        + #""resource_type":"assets","resource_id":"42","event_type":"updated","occurred_at":"2026-11-23T10:00:00Z","#
        + #""trace_id":"abc123","version":17,"payload":{"name":"Ada","tags":["a","b"],"size":1.5}}"#

    @Test func decodesTheWireFormat() throws {
        let envelope = try Envelope.decode(Array(wire.utf8))
        #expect(envelope.eventID == "01JD0000000000000000000000")
        #expect(envelope.producer == "gcp-es")
        #expect(envelope.resourceType == "assets")
        #expect(envelope.resourceID == "42")
        #expect(envelope.eventType == "updated")
        #expect(envelope.operation == .update)
        #expect(envelope.occurredAt == "2026-11-23T10:00:00Z")
        #expect(envelope.traceID == "abc123")
        #expect(envelope.version == 17)
        #expect(envelope.payload == ["name": "Ada", "tags": ["a", "b"], "size": 1.5])
    }

    @Test func encodesFieldsInTheDesignOrder() throws {
        let envelope = try Envelope.decode(Array(wire.utf8))
        #expect(String(decoding: envelope.encoded(), as: UTF8.self) == wire)
    }

    @Test func fillsDefaultsAndAcceptsAnyFieldOrder() throws {
        let text =
            #"{"payload":null,"event_type":"deleted","resource_id":"7","resource_type":"user","#
            + #""producer":"app","occurred_at":"t","event_id":"e","extra":{"ignored":[1]},"trace_id":null}"#
        let envelope = try Envelope.decode(Data(text.utf8))
        #expect(envelope.schemaVersion == 1)
        #expect(envelope.version == 0)
        #expect(envelope.traceID == nil)
        #expect(envelope.payload == .null)
        #expect(envelope.operation == .delete)
        #expect(!String(decoding: envelope.encoded(), as: UTF8.self).contains("trace_id"))
    }

    @Test func readsKeysWrittenWithEscapes() throws {
        let text =
            #"{"event\u005fid":"e","producer":"p","resource_type":"r","resource_id":"1","event_type":"created","#
            + #""occurred_at":"t","x\"y":1,"payload":{"k\u00e9":true}}"#
        let envelope = try Envelope.decode(Array(text.utf8))
        #expect(envelope.eventID == "e")
        #expect(envelope.payload == ["ké": true])
    }

    @Test func missingPayloadIsAnEmptyObject() throws {
        let text = #"{"event_id":"e","producer":"p","resource_type":"r","resource_id":"1","event_type":"created","occurred_at":"t"}"#
        #expect(try Envelope.decode(Array(text.utf8)).payload == [:])
    }

    @Test(arguments: [
        (#"{"producer":"p","resource_type":"r","resource_id":"1","event_type":"c","occurred_at":"t"}"#, "missing required field \"event_id\""),
        (#"{"event_id":"","producer":"p","resource_type":"r","resource_id":"1","event_type":"c","occurred_at":"t"}"#, "field \"event_id\" is empty"),
        (
            #"{"event_id":"e","producer":"p","resource_type":"r","resource_id":1,"event_type":"c","occurred_at":"t"}"#,
            "field \"resource_id\" must be a string, found integer at byte 65"
        ),
        (
            #"{"event_id":"e","producer":"p","resource_type":"r","resource_id":"1","event_type":"c","occurred_at":"t","version":"3"}"#,
            "field \"version\" must be an integer"
        ),
        (
            #"{"event_id":"e","producer":"p","resource_type":"r","resource_id":"1","event_type":"c","occurred_at":"t","version":1.5}"#,
            "field \"version\" must be an integer"
        ),
        (#"[1]"#, "an envelope is a JSON object, found array"),
    ])
    func rejectsJSONThatIsNotAnEnvelope(text: String, reason: String) {
        #expect {
            try Envelope.decode(Array(text.utf8))
        } throws: { error in
            guard let error = error as? SluiceError else { return false }
            return error.code == .invalidEnvelope && error.reason.hasPrefix(reason)
        }
    }

    @Test(arguments: [#"{"event_id":"a","event_id":"b"}"#, #"{"x":1,"x":2}"#, #"{"event_id":"e",}"#, "{", #"{"a":1} x"#])
    func rejectsMalformedJSON(text: String) {
        #expect {
            try Envelope.decode(Array(text.utf8))
        } throws: { ($0 as? SluiceError)?.code == .malformedJSON }
    }

    @Test func roundTripsRandomEnvelopes() async {
        await propertyCheck(count: 300, input: Gen.envelope) { envelope in
            let bytes = envelope.encoded()
            let decoded = try Envelope.decode(bytes)
            #expect(decoded == envelope)
            #expect(decoded.encoded() == bytes)
        }
    }

    @Test func codableUsesTheWireNames() throws {
        // One payload key: JSONDecoder does not report object keys in document order.
        var envelope = try Envelope.decode(Array(wire.utf8))
        envelope.payload = ["name": "Ada"]
        let data = try JSONEncoder().encode(envelope)
        #expect(try JSONDecoder().decode(Envelope.self, from: data) == envelope)
        let object = try JSONValue.parse(data)
        #expect(object["resource_type"] == "assets")
        #expect(object["trace_id"] == "abc123")
    }

    @Test func newEnvelopesGetAULIDAndTheTime() throws {
        let envelope = Envelope(producer: "p", resourceType: "r", resourceID: "1", eventType: "created")
        #expect(ULID(string: envelope.eventID) != nil)
        #expect(envelope.occurredAt.hasSuffix("Z"))
        #expect(envelope.schemaVersion == 1)
        #expect(envelope.payload == [:])
    }

    @Test(arguments: [("created", SluiceCore.Operation.index), ("updated", .update), ("deleted", .delete), ("upserted", .index)])
    func derivesTheOperation(eventType: String, operation: SluiceCore.Operation) {
        #expect(SluiceCore.Operation(eventType: eventType) == operation)
    }
}
