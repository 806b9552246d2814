import NIOCore

extension PubAck {
    /// Reads a publish acknowledgement, throwing the server's error when it sent one.
    ///
    /// The common shapes (`{"stream":"S","seq":N}`, optionally with `"domain"` and `"duplicate": true`)
    /// are read without `JSONDecoder`, since an async publisher reads one per message.
    static func parse(_ payload: ByteBuffer) throws(JetStreamError) -> PubAck {
        if let fast = parseFast(payload) { return fast }
        return try JetStreamJSON.decodeResponse(PubAck.self, from: payload)
    }

    /// The fast path: `nil` when the payload is anything but the plain shapes.
    static func parseFast(_ payload: ByteBuffer) -> PubAck? {
        payload.withUnsafeReadableBytes { bytes -> PubAck? in
            var reader = ByteReader(bytes: bytes)
            guard reader.consume(#"{"stream":""#) else { return nil }
            guard let stream = reader.plainString() else { return nil }
            guard reader.consume(#","seq":"#), let sequence = reader.unsignedInteger() else { return nil }
            var ack = PubAck(stream: stream, sequence: sequence)
            if reader.consume(#","domain":""#) {
                guard let domain = reader.plainString() else { return nil }
                ack.domain = domain
            }
            if reader.consume(#","duplicate":"#) {
                reader.skipSpaces()
                guard reader.consume("true") else { return nil }
                ack.duplicate = true
            }
            guard reader.consume("}"), reader.isAtEnd else { return nil }
            return ack
        }
    }
}

/// A cursor over raw bytes for the few fixed JSON shapes read on hot paths.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool {
        var i = index
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\n") || bytes[i] == UInt8(ascii: "\r") { i += 1 }
        return i == bytes.count
    }

    /// Skips spaces.
    mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
    }

    /// Skips `literal` when the bytes continue with it.
    mutating func consume(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] { return false }
        index += count
        return true
    }

    /// Reads up to the closing quote of a string without escapes; `nil` when it has any, or is not valid UTF-8.
    mutating func plainString() -> String? {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) else { return nil }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    /// Reads a non-negative decimal integer; `nil` for one JSON does not allow (a leading zero).
    mutating func unsignedInteger() -> UInt64? {
        let start = index
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "0"), bytes[index + 1] >= UInt8(ascii: "0"), bytes[index + 1] <= UInt8(ascii: "9") {
            return nil
        }
        var value: UInt64 = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            value = sum
            index += 1
        }
        return index > start ? value : nil
    }
}
