import NIOCore

/// Writes the client's protocol operations into a buffer, one `mutating func` per operation.
struct ClientOpEncoder {
    /// `PUB <subject> [reply] <size>\r\n<payload>\r\n`, or `HPUB` with a header block when there are headers.
    static func publish(subject: String, replyTo: String?, headers: NATSHeaders?, payload: ByteBuffer, into buffer: inout ByteBuffer) {
        let headerLength = headers.map(\.wireLength) ?? 0
        if let headers {
            buffer.writeStaticString("HPUB ")
            writeSubjectAndReply(subject, replyTo, into: &buffer)
            buffer.writeDecimal(headerLength)
            buffer.writeInteger(UInt8.space)
            buffer.writeDecimal(headerLength + payload.readableBytes)
            buffer.writeCRLF()
            headers.write(to: &buffer)
        } else {
            buffer.writeStaticString("PUB ")
            writeSubjectAndReply(subject, replyTo, into: &buffer)
            buffer.writeDecimal(payload.readableBytes)
            buffer.writeCRLF()
        }
        buffer.writeImmutableBuffer(payload)
        buffer.writeCRLF()
    }

    private static func writeSubjectAndReply(_ subject: String, _ replyTo: String?, into buffer: inout ByteBuffer) {
        buffer.writeString(subject)
        buffer.writeInteger(UInt8.space)
        if let replyTo {
            buffer.writeString(replyTo)
            buffer.writeInteger(UInt8.space)
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
