import NIOCore

extension NATSHeaders {
    static let versionLine = "NATS/1.0"
    static let versionLineStatic: StaticString = "NATS/1.0"

    /// Parses a header block: `NATS/1.0[ status[ description]]\r\n` then `Name: Value\r\n` lines and an empty line.
    init(wireBytes: ByteBuffer) throws {
        self.init()
        guard let text = wireBytes.getString(at: wireBytes.readerIndex, length: wireBytes.readableBytes) else {
            throw NATSError(.protocolError, "headers are not UTF-8")
        }
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)[...]
        guard let first = lines.popFirst(), first.hasPrefix(Self.versionLine) else {
            throw NATSError(.protocolError, "headers do not start with \(Self.versionLine)")
        }
        let statusPart = first.dropFirst(Self.versionLine.count).drop(while: { $0 == " " })
        if !statusPart.isEmpty {
            let code = statusPart.prefix(while: { $0 != " " })
            guard let status = Int(code) else { throw NATSError(.protocolError, "header status '\(code)' is not a number") }
            self.status = status
            let description = statusPart.dropFirst(code.count).drop(while: { $0 == " " })
            if !description.isEmpty { statusDescription = String(description) }
        }
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw NATSError(.protocolError, "header line without ':'")
            }
            let name = line[..<colon]
            let value = line[line.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" })
            append(String(name), String(value))
        }
    }

    /// Checks that names and values can be sent: names without whitespace or ':', nothing with CR or LF.
    func validate() throws {
        for (name, value) in self {
            guard !name.isEmpty, !name.utf8.contains(where: { $0 <= .space || $0 == UInt8(ascii: ":") || $0 == 0x7F }) else {
                throw NATSError(.invalidArgument, "header name '\(name)' is empty or has whitespace, ':' or control characters")
            }
            guard !value.utf8.contains(where: { $0 == .cr || $0 == .lf }) else {
                throw NATSError(.invalidArgument, "header '\(name)' has a line break in its value")
            }
        }
    }

    /// Writes the header block into memory reserved for ``wireLength`` bytes.
    func write(to writer: inout RawWriter) {
        writer.write(Self.versionLineStatic)
        if let status {
            writer.write(byte: .space)
            writer.writeDecimal(status)
            if let statusDescription {
                writer.write(byte: .space)
                writer.write(statusDescription)
            }
        }
        writer.writeCRLF()
        for (name, value) in self {
            writer.write(name)
            writer.write(": ")
            writer.write(value)
            writer.writeCRLF()
        }
        writer.writeCRLF()
    }

    /// Writes the header block and returns the number of bytes written.
    @discardableResult
    func write(to buffer: inout ByteBuffer) -> Int {
        let length = wireLength
        return buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { memory in
            var writer = RawWriter(memory)
            write(to: &writer)
            return writer.count
        }
    }

    /// The number of bytes ``write(to:)`` writes.
    var wireLength: Int {
        var length = Self.versionLine.utf8.count + 2 + 2
        if let status {
            length += 1 + ByteBuffer.decimalLength(status)
            if let statusDescription { length += 1 + statusDescription.utf8.count }
        }
        for (name, value) in self { length += name.utf8.count + 2 + value.utf8.count + 2 }
        return length
    }
}
