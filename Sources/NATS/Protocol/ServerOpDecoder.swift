import FoundationEssentials
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes the server's byte stream into ``ServerOp``s.
///
/// Streaming: an operation split at any byte waits for the rest; many operations in one read
/// come out one by one. Anything that is not the NATS protocol throws a `protocolError`.
struct ServerOpDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = ServerOp

    /// The longest control line accepted; `INFO` with many `connect_urls` is the longest there is.
    static let maxControlLineLength = 64 * 1024
    /// The largest payload accepted before the server said its own `max_payload`: the most a server can be set to.
    static let maxPayloadLength = 64 * 1024 * 1024

    /// The largest `MSG`/`HMSG` payload (headers included) accepted; a larger size is a protocol error before any of
    /// it is buffered. The connection sets it to the server's `max_payload` from `INFO`.
    var maxPayload = ServerOpDecoder.maxPayloadLength

    /// Bytes of the current line already searched for its end, so a slowly arriving line is scanned once.
    private var scannedBytes = 0
    /// After `decode` returned `nil` for a message whose control line has arrived: the bytes the whole
    /// operation needs, counted from the reader index. `nil` while the control line is incomplete.
    private(set) var pendingOperationLength: Int?

    mutating func decode(buffer: inout ByteBuffer) throws -> ServerOp? {
        // One pass over the readable bytes per operation: each `ByteBuffer` accessor costs an exclusivity check.
        let scanFrom = scannedBytes
        let maxPayload = maxPayload
        let scan = try buffer.withUnsafeReadableBytes {
            try LineScan(bytes: $0, scanningFrom: scanFrom, maxPayload: maxPayload, maxLineLength: Self.maxControlLineLength)
        }
        let op: ServerOp?
        switch scan {
        case .incomplete(let scanned):
            scannedBytes = scanned
            if scanned > Self.maxControlLineLength {
                throw NATSError(.protocolError, "control line longer than \(Self.maxControlLineLength) bytes")
            }
            return nil
        case .message(let message):
            scannedBytes = message.lineEnd - 1
            op = try decodeMessage(message, buffer: &buffer)
        case .simple(let lineLength, let lineEnd):
            op = try decodeSimple(buffer: &buffer, lineLength: lineLength, lineEnd: lineEnd)
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
        var text = String(raw.trimmingSpaces())
        if text.hasPrefix("'") && text.hasSuffix("'") && text.count >= 2 {
            text = String(text.dropFirst().dropLast())
        }
        return text
    }

    /// Finishes a `MSG` or `HMSG` whose control line was parsed: `nil` until its payload has arrived.
    private mutating func decodeMessage(_ scanned: ScannedMessage, buffer: inout ByteBuffer) throws -> ServerOp? {
        guard let subject = scanned.subject else {
            pendingOperationLength = scanned.operationLength
            return nil
        }
        let line = scanned.line
        let payloadStart = buffer.readerIndex + scanned.lineEnd
        var headers: NATSHeaders?
        if scanned.hasHeaders {
            headers = try NATSHeaders(wireBytes: buffer.getSlice(at: payloadStart, length: line.headerSize)!)
        }
        let payload = buffer.getSlice(at: payloadStart + line.headerSize, length: line.totalSize - line.headerSize)!
        buffer.moveReaderIndex(forwardBy: scanned.operationLength)
        let message = NATSMessage(subject: subject, replyTo: scanned.replyTo, headers: headers, payload: payload)
        return .message(InboundMessage(sid: line.sid, message: message))
    }
}

/// A `MSG`/`HMSG` control line found by ``LineScan``, with its subject and reply read when the whole operation is there.
private struct ScannedMessage {
    var line: MessageLine
    var hasHeaders: Bool
    /// The offset just past the control line's `\n`.
    var lineEnd: Int
    /// `nil` while the payload has not fully arrived.
    var subject: String?
    var replyTo: String?

    /// The bytes of the whole operation: control line, payload, CRLF.
    var operationLength: Int { lineEnd + line.totalSize + 2 }
}

/// What one pass over a buffer's readable bytes found at its start.
private enum LineScan {
    /// No `\n` yet; the bytes scanned so far.
    case incomplete(scanned: Int)
    case message(ScannedMessage)
    /// Any other operation: its line without the line end, and the offset past the `\n`.
    case simple(lineLength: Int, lineEnd: Int)

    init(bytes: UnsafeRawBufferPointer, scanningFrom scanned: Int, maxPayload: Int, maxLineLength: Int) throws {
        guard scanned < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + scanned, Int32(UInt8.lf), bytes.count - scanned)
        else {
            self = .incomplete(scanned: bytes.count)
            return
        }
        let newline = UnsafeRawPointer(found) - base
        let lineLength = newline > 0 && bytes[newline - 1] == .cr ? newline - 1 : newline
        guard lineLength > 0 else { throw NATSError(.protocolError, "empty control line") }
        // The same limit as for a line still arriving, so what is refused does not depend on how the reads fell.
        guard newline <= maxLineLength else { throw NATSError(.protocolError, "control line longer than \(maxLineLength) bytes") }
        let hasHeaders: Bool
        switch bytes[0] | 0x20 {
        case UInt8(ascii: "m"): hasHeaders = false
        case UInt8(ascii: "h"): hasHeaders = true
        default:
            self = .simple(lineLength: lineLength, lineEnd: newline + 1)
            return
        }
        let line = try MessageLine(
            bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<lineLength]),
            hasHeaders: hasHeaders,
            keyword: hasHeaders ? "HMSG" : "MSG",
            maxPayload: maxPayload
        )
        var message = ScannedMessage(line: line, hasHeaders: hasHeaders, lineEnd: newline + 1)
        if bytes.count >= message.operationLength {
            let payloadEnd = message.lineEnd + line.totalSize
            guard bytes[payloadEnd] == .cr, bytes[payloadEnd + 1] == .lf else {
                throw NATSError(.protocolError, "\(hasHeaders ? "HMSG" : "MSG") payload not followed by CRLF")
            }
            message.subject = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[line.subject]), as: UTF8.self)
            message.replyTo = line.replyTo.map { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        }
        self = .message(message)
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

    init(bytes: UnsafeRawBufferPointer, hasHeaders: Bool, keyword: StaticString, maxPayload: Int) throws {
        var fields = FieldList()
        var index = 0
        let end = bytes.count
        // The server separates fields with single spaces: find each with memchr (vectorised; JetStream's reply
        // subjects are long). A line with a tab takes the byte-by-byte way.
        let hasTab = bytes.baseAddress.map { memchr($0, Int32(UInt8.tab), end) != nil } ?? false
        while index < end {
            while index < end && (bytes[index] == .space || bytes[index] == .tab) { index += 1 }
            if index == end { break }
            let fieldStart = index
            if hasTab {
                while index < end && bytes[index] != .space && bytes[index] != .tab { index += 1 }
            } else {
                let base = bytes.baseAddress!
                index = memchr(base + index, Int32(UInt8.space), end - index).map { UnsafeRawPointer($0) - base } ?? end
            }
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
        guard totalSize <= maxPayload, headerSize <= totalSize else {
            throw NATSError(
                .protocolError,
                "\(keyword) sizes out of range (headers \(headerSize), total \(totalSize), max_payload \(maxPayload))"
            )
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
