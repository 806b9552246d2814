/// Where compact JSON goes: ``JSONByteCounter`` measures it, ``JSONWriter`` writes it. Encoding code is written
/// once against this protocol and runs twice, so the output array is allocated once, at about its final size.
protocol JSONSink {
    /// Appends ASCII text as is, such as `null` or `,"version":`.
    mutating func writeRaw(_ text: StaticString)
    /// Appends a JSON string: quotes, and escapes for `"`, `\` and control characters.
    mutating func write(_ string: String)
    /// Appends an integer.
    mutating func write(_ integer: Int64)
    /// Appends a double in Swift's shortest round-tripping form, or `null` when it is not finite.
    mutating func write(_ double: Double)
}

/// Something that writes itself as JSON.
protocol JSONWritable {
    func write(to sink: inout some JSONSink)
}

extension JSONWritable {
    /// The compact JSON bytes, in an array allocated once: measured without looking for escapes, with room for a
    /// few (most text has none or few), and only when they did not fit measured exactly and written again. Its
    /// capacity is at most a sixteenth (and 16 bytes) more than it needs, and up to
    /// ``JSONByteCounter/doubleSizeBound`` bytes per double.
    func jsonBytes() -> [UInt8] {
        var estimate = JSONByteCounter(countsEscapes: false)
        write(to: &estimate)
        let room = estimate.count + estimate.count / 16 + 16
        if let bytes = JSONWriter.bytesIfTheyFit(capacity: room, { writer in write(to: &writer) }) { return bytes }
        var counter = JSONByteCounter()
        write(to: &counter)
        return JSONWriter.bytes(capacity: counter.count) { writer in write(to: &writer) }
    }
}

extension JSONValue: JSONWritable {
    func write(to sink: inout some JSONSink) {
        switch self {
        case .null: sink.writeRaw("null")
        case .bool(let flag): sink.writeRaw(flag ? "true" : "false")
        case .int(let integer): sink.write(integer)
        case .double(let double): sink.write(double)
        case .string(let string): sink.write(string)
        case .array(let elements):
            sink.writeRaw("[")
            for index in elements.indices {
                if index > 0 { sink.writeRaw(",") }
                elements[index].write(to: &sink)
            }
            sink.writeRaw("]")
        case .object(let object):
            sink.writeRaw("{")
            let entries = object.entries
            for index in entries.indices {
                if index > 0 { sink.writeRaw(",") }
                sink.write(entries[index].key)
                sink.writeRaw(":")
                entries[index].value.write(to: &sink)
            }
            sink.writeRaw("}")
        }
    }
}
