import Foundation
import NIOCore

/// Decodes the server's byte stream into ``ServerOp``s.
///
/// Streaming: an operation split at any byte waits for the rest; many operations in one read
/// come out one by one. Anything that is not the NATS protocol throws a `protocolError`.
struct ServerOpDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = ServerOp

    /// The longest control line accepted; `INFO` with many `connect_urls` is the longest there is.
    static let maxControlLineLength = 64 * 1024
    /// The largest payload accepted from the server, well above any `max_payload` it can set.
    static let maxPayloadLength = 64 * 1024 * 1024

    /// Bytes of the current line already searched for its end, so a slowly arriving line is scanned once.
    private var scannedBytes = 0
    /// After `decode` returned `nil` for a message whose control line has arrived: the bytes the whole
    /// operation needs, counted from the reader index. `nil` while the control line is incomplete.
    private(set) var pendingOperationLength: Int?

    mutating func decode(buffer: inout ByteBuffer) throws -> ServerOp? {
        guard let newline = try findNewline(in: buffer) else { return nil }
        let lineLength = newline > 0 && buffer.getInteger(at: buffer.readerIndex + newline - 1, as: UInt8.self) == .cr ? newline - 1 : newline
        let start = buffer.readerIndex
        guard lineLength > 0, let first = buffer.getInteger(at: start, as: UInt8.self) else {
            throw NATSError(.protocolError, "empty control line")
        }
        let op: ServerOp?
        switch first | 0x20 {
        case UInt8(ascii: "m"):
            op = try decodeMessage(buffer: &buffer, lineLength: lineLength, lineEnd: newline + 1, hasHeaders: false, keyword: "MSG")
        case UInt8(ascii: "h"):
            op = try decodeMessage(buffer: &buffer, lineLength: lineLength, lineEnd: newline + 1, hasHeaders: true, keyword: "HMSG")
        default:
            op = try decodeSimple(buffer: &buffer, lineLength: lineLength, lineEnd: newline + 1)
        }
        if op != nil {
            scannedBytes = 0
            pendingOperationLength = nil
        }
        return op
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ServerOp? {
        try decode(buffer: &buffer)
    }

    /// The offset of the line's `\n` from the reader index, or `nil` if it has not arrived yet.
    private mutating func findNewline(in buffer: ByteBuffer) throws -> Int? {
        let found: Int? = buffer.withUnsafeReadableBytes { bytes in
            guard scannedBytes < bytes.count else { return nil }
            return bytes[scannedBytes...].firstIndex(of: UInt8(ascii: "\n"))
        }
        if let found {
            scannedBytes = found
            return found
        }
        scannedBytes = buffer.readableBytes
        if scannedBytes > Self.maxControlLineLength {
            throw NATSError(.protocolError, "control line longer than \(Self.maxControlLineLength) bytes")
        }
        return nil
    }

    private func decodeSimple(buffer: inout ByteBuffer, lineLength: Int, lineEnd: Int) throws -> ServerOp {
        let line = buffer.getString(at: buffer.readerIndex, length: lineLength) ?? ""
        let upper = line.uppercased()
        let op: ServerOp
        if upper == "PING" {
            op = .ping
        } else if upper == "PONG" {
            op = .pong
        } else if upper == "+OK" {
            op = .ok
        } else if upper.hasPrefix("-ERR") {
            op = .error(Self.errorText(line.dropFirst(4)))
        } else if upper.hasPrefix("INFO") {
            let json = line.dropFirst(4).drop(while: { $0 == " " || $0 == "\t" })
            do {
                op = .info(try JSONDecoder().decode(NATSServerInfo.self, from: Data(json.utf8)))
            } catch {
                throw NATSError(.protocolError, "INFO is not valid JSON: \(error)")
            }
        } else {
            throw NATSError(.protocolError, "unknown operation '\(line.prefix(32))'")
        }
        buffer.moveReaderIndex(forwardBy: lineEnd)
        return op
    }

    private static func errorText(_ raw: Substring) -> String {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("'") && text.hasSuffix("'") && text.count >= 2 {
            text = String(text.dropFirst().dropLast())
        }
        return text
    }

    /// Decodes `MSG <subject> <sid> [reply] <size>` or `HMSG <subject> <sid> [reply] <hdr size> <total size>`
    /// and its payload; `nil` until the payload has arrived.
    private mutating func decodeMessage(
        buffer: inout ByteBuffer, lineLength: Int, lineEnd: Int, hasHeaders: Bool, keyword: StaticString
    ) throws -> ServerOp? {
        let start = buffer.readerIndex
        let line = try buffer.withUnsafeReadableBytes { bytes in
            try MessageLine(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<lineLength]), hasHeaders: hasHeaders, keyword: keyword)
        }
        let payloadStart = start + lineEnd
        guard buffer.readableBytes >= lineEnd + line.totalSize + 2 else {
            pendingOperationLength = lineEnd + line.totalSize + 2
            return nil
        }
        guard buffer.getInteger(at: payloadStart + line.totalSize, as: UInt16.self) == 0x0D0A else {
            throw NATSError(.protocolError, "\(keyword) payload not followed by CRLF")
        }
        let subject = buffer.getString(at: start + line.subject.lowerBound, length: line.subject.count) ?? ""
        let replyTo = line.replyTo.flatMap { buffer.getString(at: start + $0.lowerBound, length: $0.count) }
        var headers: NATSHeaders?
        if hasHeaders {
            headers = try NATSHeaders(wireBytes: buffer.getSlice(at: payloadStart, length: line.headerSize)!)
        }
        let payload = buffer.getSlice(at: payloadStart + line.headerSize, length: line.totalSize - line.headerSize)!
        buffer.moveReaderIndex(forwardBy: lineEnd + line.totalSize + 2)
        return .message(InboundMessage(sid: line.sid, message: NATSMessage(subject: subject, replyTo: replyTo, headers: headers, payload: payload)))
    }
}

/// Up to six field ranges of a control line, kept inline: no allocation per message.
private struct FieldList {
    private var storage: (Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0, 0..<0, 0..<0, 0..<0)
    private(set) var count = 0

    var first: Range<Int>? { count > 0 ? self[0] : nil }

    mutating func append(_ range: Range<Int>) {
        switch count {
        case 0: storage.0 = range
        case 1: storage.1 = range
        case 2: storage.2 = range
        case 3: storage.3 = range
        case 4: storage.4 = range
        default: storage.5 = range
        }
        count += 1
    }

    subscript(index: Int) -> Range<Int> {
        switch index {
        case 0: storage.0
        case 1: storage.1
        case 2: storage.2
        case 3: storage.3
        case 4: storage.4
        default: storage.5
        }
    }
}

/// The fields of a `MSG`/`HMSG` control line, parsed in one pass over its bytes.
private struct MessageLine {
    var subject: Range<Int> = 0..<0
    var replyTo: Range<Int>?
    var sid: UInt64 = 0
    var headerSize = 0
    var totalSize = 0

    init(bytes: UnsafeRawBufferPointer, hasHeaders: Bool, keyword: StaticString) throws {
        var fields = FieldList()
        var index = 0
        let end = bytes.count
        while index < end {
            while index < end && (bytes[index] == .space || bytes[index] == .tab) { index += 1 }
            if index == end { break }
            let fieldStart = index
            while index < end && bytes[index] != .space && bytes[index] != .tab { index += 1 }
            guard fields.count < 6 else { throw NATSError(.protocolError, "too many fields in a \(keyword) control line") }
            fields.append(fieldStart..<index)
        }
        guard let first = fields.first, first.count == keyword.utf8CodeUnitCount,
            (0..<first.count).allSatisfy({ bytes[first.lowerBound + $0] & ~0x20 == keyword.utf8Start[$0] })
        else {
            throw NATSError(.protocolError, "unknown operation '\(String(decoding: bytes.prefix(32), as: UTF8.self))'")
        }
        let arguments = fields.count - 1
        let minimum = hasHeaders ? 4 : 3
        guard arguments == minimum || arguments == minimum + 1 else {
            throw NATSError(.protocolError, "\(keyword) with \(arguments) arguments")
        }
        subject = fields[1]
        sid = UInt64(try Self.number(bytes, fields[2], "sid"))
        if arguments == minimum + 1 { replyTo = fields[3] }
        totalSize = try Self.number(bytes, fields[fields.count - 1], "size")
        if hasHeaders { headerSize = try Self.number(bytes, fields[fields.count - 2], "header size") }
        guard totalSize <= ServerOpDecoder.maxPayloadLength, headerSize <= totalSize else {
            throw NATSError(.protocolError, "\(keyword) sizes out of range (headers \(headerSize), total \(totalSize))")
        }
    }

    private static func number(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ name: String) throws -> Int {
        guard !range.isEmpty, range.count <= 18 else { throw NATSError(.protocolError, "\(name) is not a number") }
        var value = 0
        for index in range {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { throw NATSError(.protocolError, "\(name) is not a number") }
            value = value * 10 + Int(digit)
        }
        return value
    }
}

extension UInt8 {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
}
