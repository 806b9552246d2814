/// Counts the bytes a ``JSONWriter`` will write: exactly, except that each double counts as
/// ``doubleSizeBound`` bytes (formatting it twice would cost more than the few bytes of slack), and that escapes
/// count as the one byte they replace unless ``countsEscapes`` (finding them means reading every string).
struct JSONByteCounter: JSONSink {
    /// The longest text Swift writes for a finite double: `-2.2250738585072014e-308`.
    static let doubleSizeBound = 24

    private(set) var count = 0
    /// Whether strings are read for the characters that need escapes, so that the count is exact.
    let countsEscapes: Bool

    /// A counter, exact when `countsEscapes`.
    init(countsEscapes: Bool = true) { self.countsEscapes = countsEscapes }

    mutating func writeRaw(_ text: StaticString) { count += text.utf8CodeUnitCount }

    mutating func write(_ string: String) {
        guard countsEscapes else {
            count += string.utf8.count + 2
            return
        }
        var string = string
        count += string.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return 2 }
            var size = utf8.count + 2
            var isASCII = true
            var index = ByteScan.firstSpecial(base, from: 0, to: utf8.count, isASCII: &isASCII)
            while index < utf8.count {
                size += JSONWriter.escapeLength(of: base[index]) - 1
                index = ByteScan.firstSpecial(base, from: index + 1, to: utf8.count, isASCII: &isASCII)
            }
            return size
        }
    }

    mutating func write(_ integer: Int64) {
        var magnitude = integer.magnitude
        var digits = 1
        while magnitude >= 10 {
            magnitude /= 10
            digits += 1
        }
        count += digits + (integer < 0 ? 1 : 0)
    }

    mutating func write(_ double: Double) {
        count += Self.doubleSizeBound
    }
}
