extension Envelope {
    /// The envelope as compact JSON (UTF-8), fields in the order ``Envelope`` lists them, `trace_id` left out when `nil`.
    public func encoded() -> [UInt8] { jsonBytes() }

    /// Decodes an envelope from JSON bytes (a `[UInt8]`, `Data`, a NIO `ByteBufferView`, `string.utf8`, …).
    ///
    /// Required: `event_id`, `producer`, `resource_type`, `resource_id`, `event_type`, `occurred_at` (non-empty
    /// strings). Optional: `schema_version` (integer, default 1), `trace_id` (string or null), `version` (integer,
    /// default 0), `payload` (any JSON, default `{}`). Unknown fields are checked for JSON syntax and ignored. Fields
    /// may come in any order.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/malformedJSON`` for bytes that are not JSON, or
    ///   ``SluiceError/Code/invalidEnvelope`` for JSON that is not an envelope (naming the field; with the byte
    ///   offset of a wrongly typed value).
    public static func decode(_ bytes: some Collection<UInt8>) throws -> Envelope {
        try JSONParser.withParser(over: bytes) { parser in try parser.parseEnvelope() }
    }
}

extension Envelope: JSONWritable {
    func write(to sink: inout some JSONSink) {
        sink.writeRaw("{\"event_id\":")
        sink.write(eventID)
        sink.writeRaw(",\"schema_version\":")
        sink.write(Int64(schemaVersion))
        sink.writeRaw(",\"producer\":")
        sink.write(producer)
        sink.writeRaw(",\"resource_type\":")
        sink.write(resourceType)
        sink.writeRaw(",\"resource_id\":")
        sink.write(resourceID)
        sink.writeRaw(",\"event_type\":")
        sink.write(eventType)
        sink.writeRaw(",\"occurred_at\":")
        sink.write(occurredAt)
        if let traceID {
            sink.writeRaw(",\"trace_id\":")
            sink.write(traceID)
        }
        sink.writeRaw(",\"version\":")
        sink.write(version)
        sink.writeRaw(",\"payload\":")
        payload.write(to: &sink)
        sink.writeRaw("}")
    }
}
