import Hummingbird

extension Parameters {
    /// The path parameter `name`, percent-decoded (Hummingbird hands path segments over as sent, so an
    /// id with `/` arrives as `a%2Fb`).
    func requireDecoded(_ name: String) throws -> String {
        let raw = try require(name)
        return percentDecoded(raw) ?? raw
    }
}

/// `text` with `%XX` escapes decoded, or `nil` when an escape is malformed or the bytes are not UTF-8.
func percentDecoded(_ text: String) -> String? {
    var bytes: [UInt8] = []
    var iterator = text.utf8.makeIterator()
    while let byte = iterator.next() {
        guard byte == UInt8(ascii: "%") else {
            bytes.append(byte)
            continue
        }
        guard let high = iterator.next().flatMap(hexDigit), let low = iterator.next().flatMap(hexDigit) else { return nil }
        bytes.append(high << 4 | low)
    }
    return String(validating: bytes, as: UTF8.self)
}

private func hexDigit(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
