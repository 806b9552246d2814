import NIOCore

/// Writes the client's protocol operations into a buffer, one `mutating func` per operation.
struct ClientOpEncoder {
    /// `PUB <subject> [reply] <size>\r\n<payload>\r\n`, or `HPUB` with a header block when there are headers.
    ///
    /// The whole operation is written in one go into space reserved up front: publishing is the hot path. The subject
    /// and reply are checked as they are copied (see ``RawWriter/writeSubject(_:)``); when one is bad, nothing is written.
    static func publish(subject: String, replyTo: String?, headers: NATSHeaders?, payload: ByteBuffer, into buffer: inout ByteBuffer) throws {
        let payloadLength = payload.readableBytes
        let headerLength = headers.map(\.wireLength) ?? 0
        let totalLength = headerLength + payloadLength
        var length = subject.utf8.count + 1 + ByteBuffer.decimalLength(totalLength) + 2 + totalLength + 2
        length += headers == nil ? 4 : 5 + ByteBuffer.decimalLength(headerLength) + 1
        if let replyTo { length += replyTo.utf8.count + 1 }
        try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { memory in
            var writer = RawWriter(memory)
            if headers == nil { writer.write("PUB ") } else { writer.write("HPUB ") }
            try writer.writeSubject(subject)
            writer.write(byte: .space)
            if let replyTo {
                try writer.writeSubject(replyTo)
                writer.write(byte: .space)
            }
            if headers != nil {
                writer.writeDecimal(headerLength)
                writer.write(byte: .space)
            }
            writer.writeDecimal(totalLength)
            writer.writeCRLF()
            headers?.write(to: &writer)
            payload.withUnsafeReadableBytes { writer.write($0) }
            writer.writeCRLF()
            return writer.count
        }
    }

    /// `SUB <subject> [queue] <sid>\r\n`
    static func subscribe(subject: String, queue: String?, sid: UInt64, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("SUB ")
        buffer.writeString(subject)
        buffer.writeInteger(UInt8.space)
        if let queue {
            buffer.writeString(queue)
            buffer.writeInteger(UInt8.space)
        }
        buffer.writeDecimal(Int(sid))
        buffer.writeCRLF()
    }

    /// `UNSUB <sid> [max]\r\n`
    static func unsubscribe(sid: UInt64, max: Int?, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("UNSUB ")
        buffer.writeDecimal(Int(sid))
        if let max {
            buffer.writeInteger(UInt8.space)
            buffer.writeDecimal(max)
        }
        buffer.writeCRLF()
    }

    /// `CONNECT {json}\r\n`
    static func connect(_ json: String, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("CONNECT ")
        buffer.writeString(json)
        buffer.writeCRLF()
    }

    static func ping(into buffer: inout ByteBuffer) { buffer.writeStaticString("PING\r\n") }
    static func pong(into buffer: inout ByteBuffer) { buffer.writeStaticString("PONG\r\n") }

    /// The number of bytes the server counts against `max_payload`: headers plus payload.
    static func payloadSize(headers: NATSHeaders?, payload: ByteBuffer) -> Int {
        (headers?.wireLength ?? 0) + payload.readableBytes
    }
}
