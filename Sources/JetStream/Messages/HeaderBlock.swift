import NATS

/// Reads a NATS header block (`NATS/1.0 [status [description]]\r\nName: Value\r\n…\r\n\r\n`), as the
/// `hdrs` field of `STREAM.MSG.GET` carries it (base64-decoded).
enum HeaderBlock {
    /// The headers, or `nil` when the block does not start with `NATS/1.0`.
    static func parse(_ bytes: some Collection<UInt8>) -> NATSHeaders? {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: true)[...]
        guard let first = lines.popFirst(), first.hasPrefix("NATS/1.0") else { return nil }
        var headers = NATSHeaders()
        let statusPart = first.dropFirst("NATS/1.0".count).drop(while: { $0 == " " })
        if !statusPart.isEmpty {
            let code = statusPart.prefix(while: { $0 != " " })
            headers.status = Int(code)
            let description = statusPart.dropFirst(code.count).drop(while: { $0 == " " })
            if !description.isEmpty { headers.statusDescription = String(description) }
        }
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingSpaces()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            guard !name.isEmpty else { continue }
            headers.append(String(name), String(value))
        }
        return headers
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
