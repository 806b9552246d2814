extension JSONParser {
    /// An object key as read, without making a `String`: where it is and whether it needs decoding.
    struct Key {
        /// The offset of the opening quote.
        let offset: Int
        /// The bytes between the quotes, escapes not decoded.
        let raw: UnsafeBufferPointer<UInt8>
        let isASCII: Bool
        let hasEscapes: Bool
    }

    /// Reads an object key starting at its opening quote.
    mutating func parseKey() throws -> Key {
        let start = position
        var isASCII = true
        let stop = ByteScan.firstSpecial(bytes.baseAddress!, from: start + 1, to: bytes.count, isASCII: &isASCII)
        guard stop < bytes.count else { throw unterminatedString(from: start) }
        switch bytes[stop] {
        case UInt8(ascii: "\""):
            position = stop + 1
            return Key(
                offset: start,
                raw: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<stop]),
                isASCII: isASCII,
                hasEscapes: false
            )
        case UInt8(ascii: "\\"):
            _ = try parseString()  // validates the escapes; string(for:) decodes them again when asked
            let raw = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(position - 1)])
            return Key(offset: start, raw: raw, isASCII: false, hasEscapes: true)
        default:
            position = stop
            throw controlCharacter()
        }
    }

    /// The text of `key`.
    func string(for key: Key) throws -> String {
        guard key.hasEscapes else { return try makeString(key.raw, isASCII: key.isASCII, contentOffset: key.offset + 1) }
        var parser = JSONParser(bytes: bytes)
        parser.position = key.offset
        return try parser.parseString()
    }

    /// Parses a string starting at its opening quote.
    ///
    /// Strings without escapes are made straight from the input bytes; only non-ASCII ones are validated as UTF-8.
    mutating func parseString() throws -> String {
        let start = position
        var isASCII = true
        let stop = ByteScan.firstSpecial(bytes.baseAddress!, from: start + 1, to: bytes.count, isASCII: &isASCII)
        guard stop < bytes.count else { throw unterminatedString(from: start) }
        switch bytes[stop] {
        case UInt8(ascii: "\""):
            position = stop + 1
            return try makeString(
                UnsafeBufferPointer(rebasing: bytes[(start + 1)..<stop]),
                isASCII: isASCII,
                contentOffset: start + 1
            )
        case UInt8(ascii: "\\"):
            position = stop
            return try parseEscapedString(from: start)
        default:
            position = stop
            throw controlCharacter()
        }
    }

    /// The slow path: copies the content decoding escapes; `position` is at the first backslash.
    private mutating func parseEscapedString(from start: Int) throws -> String {
        var content = Array(bytes[(start + 1)..<position])
        var isASCII = !content.contains { $0 >= 0x80 }
        let base = bytes.baseAddress!
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                return try content.withUnsafeBufferPointer {
                    try makeString($0, isASCII: isASCII, contentOffset: start + 1)
                }
            case UInt8(ascii: "\\"):
                try appendEscape(to: &content)
            case ..<0x20:
                throw controlCharacter()
            default:
                let stop = ByteScan.firstSpecial(base, from: position, to: bytes.count, isASCII: &isASCII)
                content.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<stop]))
                position = stop
            }
        }
        throw unterminatedString(from: start)
    }

    /// Decodes the escape at `position` (a backslash) and appends its UTF-8 bytes.
    private mutating func appendEscape(to content: inout [UInt8]) throws {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw endOfInput(expecting: "an escape character") }
        let decoded: UInt8
        switch bytes[position] {
        case UInt8(ascii: "\""): decoded = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): decoded = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): decoded = UInt8(ascii: "/")
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"):
            position += 1
            let scalar = try parseUnicodeEscape(escapeStart: escapeStart)
            content.append(contentsOf: UTF8.encode(scalar)!)
            return
        default:
            throw SluiceError(
                .malformedJSON,
                "invalid escape \\\(Self.describe(bytes[position])) at byte \(escapeStart)",
                byteOffset: escapeStart
            )
        }
        content.append(decoded)
        position += 1
    }

    /// Parses the hex digits after `\u`, and a following `\uDC00`-`\uDFFF` when the first is a high surrogate.
    private mutating func parseUnicodeEscape(escapeStart: Int) throws -> Unicode.Scalar {
        let first = try parseHex4()
        if let scalar = Unicode.Scalar(first) { return scalar }
        let loneSurrogate = SluiceError(
            .malformedJSON,
            "lone surrogate \\u\(String(first, radix: 16, uppercase: true)) at byte \(escapeStart)",
            byteOffset: escapeStart
        )
        guard first < 0xDC00, position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
            bytes[position + 1] == UInt8(ascii: "u")
        else { throw loneSurrogate }
        position += 2
        let second = try parseHex4()
        guard (0xDC00...0xDFFF).contains(second) else { throw loneSurrogate }
        return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
    }

    private mutating func parseHex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count else { throw endOfInput(expecting: "4 hex digits") }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw unexpected("where a hex digit should be")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private func makeString(_ content: UnsafeBufferPointer<UInt8>, isASCII: Bool, contentOffset: Int) throws -> String {
        if isASCII { return String(decoding: content, as: UTF8.self) }
        if let string = String(validating: content, as: UTF8.self) { return string }
        let offset = contentOffset + Self.firstInvalidUTF8(in: content)
        throw SluiceError(.malformedJSON, "invalid UTF-8 at byte \(offset)", byteOffset: offset)
    }

    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence (decoding stops at the first
    /// error, so this is where it stopped). Only called for input known to be invalid.
    private static func firstInvalidUTF8(in content: UnsafeBufferPointer<UInt8>) -> Int {
        var offset = 0
        var iterator = content.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            offset += UTF8.width(scalar)
        }
        return offset
    }

    private func controlCharacter() -> SluiceError {
        SluiceError(
            .malformedJSON,
            "unescaped control character \(Self.describe(bytes[position])) at byte \(position)",
            byteOffset: position
        )
    }

    private func unterminatedString(from start: Int) -> SluiceError {
        SluiceError(.malformedJSON, "unterminated string starting at byte \(start)", byteOffset: start)
    }
}
