/// Percent-encoding of path segments and query values: index names, document ids and parameters go into URLs
/// as they are only when they hold unreserved characters.
enum PathEncoding {
    /// `text` with every byte but `A–Z a–z 0–9 - . _ ~` (and those in `allowed`) written as `%XX`.
    static func encode(_ text: String, allowing allowed: String = "") -> String {
        let extra = Array(allowed.utf8)
        var needsEncoding = false
        for byte in text.utf8 where !isUnreserved(byte) && !extra.contains(byte) {
            needsEncoding = true
            break
        }
        guard needsEncoding else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if isUnreserved(byte) || extra.contains(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigit(byte >> 4))
                bytes.append(hexDigit(byte & 0xF))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One index name or a comma-separated list of them, wildcards allowed: `logs-*,metrics`.
    static func indices(_ names: [String]) -> String {
        names.map { encode($0, allowing: "*") }.joined(separator: ",")
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }
}
