import SluiceCore
import Testing

@Suite struct EnvelopePathTests {
    private var envelope = Envelope(
        eventID: "e1",
        producer: "app",
        resourceType: "user",
        resourceID: "7",
        eventType: "created",
        occurredAt: "2026-01-01T00:00:00Z",
        version: 3,
        payload: ["name": "Ada", "tags": ["x"]]
    )

    @Test func readsFieldsAndPayload() {
        #expect(envelope.value(at: "resource_type") == "user")
        #expect(envelope.value(at: "version") == 3)
        #expect(envelope.value(at: "schema_version") == 1)
        #expect(envelope.value(at: "trace_id") == nil)
        #expect(envelope.value(at: "payload.tags[0]") == "x")
        #expect(envelope.value(at: "payload") == ["name": "Ada", "tags": ["x"]])
        #expect(envelope.value(at: "unknown") == nil)
        #expect(envelope.value(at: "producer.x") == nil)
    }

    @Test func writesFieldsKeepingTheirTypes() throws {
        var envelope = envelope
        try envelope.setValue("assets", at: "resource_type")
        try envelope.setValue(9, at: "version")
        try envelope.setValue("t", at: "trace_id")
        try envelope.setValue("gcp", at: "payload.source")
        #expect(envelope.resourceType == "assets")
        #expect(envelope.version == 9)
        #expect(envelope.traceID == "t")
        #expect(envelope.payload["source"] == "gcp")
        try envelope.setValue(nil, at: "trace_id")
        #expect(envelope.traceID == nil)
    }

    @Test(
        arguments: [("version", JSONValue.string("9")), ("resource_id", ""), ("resource_id", 5), ("producer.x", "y"), ("nope", 1)]
            as [(JSONPath, JSONValue)]
    )
    func rejectsIllTypedWrites(path: JSONPath, value: JSONValue) {
        var envelope = envelope
        #expect {
            try envelope.setValue(value, at: path)
        } throws: { ($0 as? SluiceError)?.code == .invalidPath }
    }

    @Test func removesOptionalFieldsButNotRequiredOnes() throws {
        var envelope = envelope
        #expect(try envelope.removeValue(at: "payload.name") == "Ada")
        #expect(try envelope.removeValue(at: "trace_id") == nil)
        #expect(throws: SluiceError.self) { try envelope.removeValue(at: "resource_id") }
        #expect(try envelope.removeValue(at: "payload") == ["tags": ["x"]])
        #expect(envelope.payload == .null)
    }
}
