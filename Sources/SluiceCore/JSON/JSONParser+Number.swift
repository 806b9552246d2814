extension JSONParser {
    /// Parses a number: an ``JSONValue/int(_:)`` when it has no fraction or exponent and fits in `Int64`,
    /// a ``JSONValue/double(_:)`` otherwise (`-0` is the double `-0.0`, so its sign survives a round trip).
    mutating func parseNumber() throws -> JSONValue {
        let start = position
        let isNegative = bytes[position] == UInt8(ascii: "-")
        if isNegative { position += 1 }
        guard position < bytes.count else { throw endOfInput(expecting: "a digit") }

        var magnitude: UInt64 = 0
        var overflowed = false
        switch bytes[position] {
        case UInt8(ascii: "0"):
            position += 1
            if position < bytes.count, Self.isDigit(bytes[position]) {
                throw SluiceError(.malformedJSON, "leading zero in number at byte \(start)", byteOffset: start)
            }
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            while position < bytes.count, Self.isDigit(bytes[position]) {
                let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[position] - UInt8(ascii: "0")))
                overflowed = overflowed || overflow1 || overflow2
                magnitude = sum
                position += 1
            }
        default:
            throw unexpected("where a digit should be")
        }

        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            try skipDigits(after: "'.'")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            try skipDigits(after: "the exponent")
        }

        if isInteger, !overflowed {
            if isNegative, magnitude == 0 { return .double(-0.0) }
            if !isNegative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            if isNegative, magnitude <= UInt64(Int64.max) + 1 { return .int(Int64(truncatingIfNeeded: 0 &- magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            throw SluiceError(.malformedJSON, "number out of range at byte \(start)", byteOffset: start)
        }
        return .double(double)
    }

    private mutating func skipDigits(after what: String) throws {
        guard position < bytes.count else { throw endOfInput(expecting: "a digit") }
        guard Self.isDigit(bytes[position]) else { throw unexpected("where a digit should be after \(what)") }
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
