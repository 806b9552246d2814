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
        if op != nil { scannedBytes = 0 }
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
    private func decodeMessage(
        buffer: inout ByteBuffer, lineLength: Int, lineEnd: Int, hasHeaders: Bool, keyword: String
    ) throws -> ServerOp? {
        let start = buffer.readerIndex
        let fields = try buffer.withUnsafeReadableBytes { bytes in
            try ControlLineFields(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<lineLength]))
        }
        guard fields.keywordMatches(keyword, in: buffer, at: start) else {
            throw NATSError(.protocolError, "unknown operation '\(buffer.getString(at: start, length: min(lineLength, 32)) ?? "")'")
        }
        let argumentCount = fields.count - 1
        let minimum = hasHeaders ? 4 : 3
        guard argumentCount == minimum || argumentCount == minimum + 1 else {
            throw NATSError(.protocolError, "\(keyword) with \(argumentCount) arguments")
        }
        let hasReply = argumentCount == minimum + 1
        let sizeIndex = fields.count - 1
        let totalSize = try fields.integer(sizeIndex, in: buffer, at: start, name: "size")
        let headerSize = hasHeaders ? try fields.integer(sizeIndex - 1, in: buffer, at: start, name: "header size") : 0
        guard totalSize <= Self.maxPayloadLength, headerSize <= totalSize else {
            throw NATSError(.protocolError, "\(keyword) sizes out of range (headers \(headerSize), total \(totalSize))")
        }
        let payloadStart = start + lineEnd
        guard buffer.readableBytes >= lineEnd + totalSize + 2 else { return nil }
        guard buffer.getInteger(at: payloadStart + totalSize, as: UInt16.self) == 0x0D0A else {
            throw NATSError(.protocolError, "\(keyword) payload not followed by CRLF")
        }
        let sid = UInt64(try fields.integer(2, in: buffer, at: start, name: "sid"))
        let subject = fields.string(1, in: buffer, at: start)
        let replyTo = hasReply ? fields.string(3, in: buffer, at: start) : nil
        var headers: NATSHeaders?
        if hasHeaders {
            headers = try NATSHeaders(wireBytes: buffer.getSlice(at: payloadStart, length: headerSize)!)
        }
        let payload = buffer.getSlice(at: payloadStart + headerSize, length: totalSize - headerSize)!
        buffer.moveReaderIndex(forwardBy: lineEnd + totalSize + 2)
        return .message(InboundMessage(sid: sid, message: NATSMessage(subject: subject, replyTo: replyTo, headers: headers, payload: payload)))
    }
}

/// The whitespace-separated fields of a control line, as offsets into it.
private struct ControlLineFields {
    private var starts: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)
    private var lengths: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)
    private(set) var count = 0

    init(bytes: UnsafeRawBufferPointer) throws {
        var index = 0
        let end = bytes.count
        while index < end {
            while index < end && (bytes[index] == .space || bytes[index] == .tab) { index += 1 }
            if index == end { break }
            let fieldStart = index
            while index < end && bytes[index] != .space && bytes[index] != .tab { index += 1 }
            guard count < 6 else { throw NATSError(.protocolError, "too many fields in a message control line") }
            withUnsafeMutableBytes(of: &starts) { $0.storeBytes(of: fieldStart, toByteOffset: count * MemoryLayout<Int>.stride, as: Int.self) }
            withUnsafeMutableBytes(of: &lengths) {
                $0.storeBytes(of: index - fieldStart, toByteOffset: count * MemoryLayout<Int>.stride, as: Int.self)
            }
            count += 1
        }
    }

    private func start(_ i: Int) -> Int { withUnsafeBytes(of: starts) { $0.load(fromByteOffset: i * MemoryLayout<Int>.stride, as: Int.self) } }
    private func length(_ i: Int) -> Int { withUnsafeBytes(of: lengths) { $0.load(fromByteOffset: i * MemoryLayout<Int>.stride, as: Int.self) } }

    func string(_ i: Int, in buffer: ByteBuffer, at base: Int) -> String {
        buffer.getString(at: base + start(i), length: length(i)) ?? ""
    }

    func keywordMatches(_ keyword: String, in buffer: ByteBuffer, at base: Int) -> Bool {
        guard count > 0, length(0) == keyword.utf8.count else { return false }
        for (offset, expected) in keyword.utf8.enumerated() {
            guard let byte = buffer.getInteger(at: base + start(0) + offset, as: UInt8.self), byte & ~0x20 == expected else { return false }
        }
        return true
    }

    func integer(_ i: Int, in buffer: ByteBuffer, at base: Int, name: String) throws -> Int {
        let length = length(i)
        guard length > 0, length <= 18 else { throw NATSError(.protocolError, "\(name) is not a number") }
        var value = 0
        for offset in 0..<length {
            let byte = buffer.getInteger(at: base + start(i) + offset, as: UInt8.self)!
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw NATSError(.protocolError, "\(name) is not a number")
            }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
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
