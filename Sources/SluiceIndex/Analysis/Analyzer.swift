/// Splits text into lowercase terms exactly as SQLite FTS5's `unicode61 remove_diacritics 2` tokenizer does, so the
/// segment engine finds what the FTS5 index finds.
///
/// A token is a run of letters, digits and the other characters FTS5 counts as token characters (most of Unicode
/// outside spaces, punctuation and symbols); everything else separates tokens, so `eu-north-1` is `eu`, `north`,
/// `1`, `don't` is `don`, `t`, `3.14` is `3`, `14` and `x_y` is `x`, `y`. Letters are case-folded and lose their
/// diacritics (`Élan` is `elan`); a combining diacritic inside a token is dropped (`cafe\u{301}s` is `cafes`).
/// The character tables are FTS5's own (``TokenTables``).
public enum Analyzer {
    private struct Tables: Sendable {
        /// One bit per code point below 0x10000: set for a separator.
        var bmpSeparators = [UInt64](repeating: 0, count: 1024)
        /// Separator ranges above 0xFFFF.
        var upperSeparators: [ClosedRange<UInt32>] = []
        var diacritics: Set<UInt32> = []
        var folds: [UInt32: UInt32] = [:]

        init() {
            for item in TokenTables.separators.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let bounds = item.split(separator: "-").map { UInt32($0, radix: 16)! }
                for scalar in bounds[0]...bounds[1] {
                    if scalar < 0x10000 {
                        bmpSeparators[Int(scalar >> 6)] |= 1 << UInt64(scalar & 63)
                    }
                }
                if bounds[1] >= 0x10000 { upperSeparators.append(max(bounds[0], 0x10000)...bounds[1]) }
            }
            for item in TokenTables.diacritics.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                diacritics.insert(UInt32(item, radix: 16)!)
            }
            for item in TokenTables.folds.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let pair = item.split(separator: ":").map { UInt32($0, radix: 16)! }
                folds[pair[0]] = pair[1]
            }
        }

        func isSeparator(_ scalar: UInt32) -> Bool {
            if scalar < 0x10000 { return bmpSeparators[Int(scalar >> 6)] & (1 << UInt64(scalar & 63)) != 0 }
            return upperSeparators.contains { $0.contains(scalar) }
        }
    }

    private static let tables = Tables()

    /// Calls `body` with each term of `text` in order (its UTF-8 bytes, valid until `body` returns).
    public static func forEachTerm(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { forEachTerm(inUTF8: $0, body) }
    }

    /// The terms of `text`, in order.
    public static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        forEachTerm(in: text) { terms.append(String(decoding: $0, as: UTF8.self)) }
        return terms
    }

    /// Calls `body` with each term of the UTF-8 text `utf8`.
    static func forEachTerm(inUTF8 utf8: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let tables = Self.tables
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { term in
            var length = 0
            var overflow: [UInt8] = []
            func emit() {
                if overflow.isEmpty {
                    body(UnsafeBufferPointer(rebasing: term[0..<length]))
                } else {
                    overflow.append(contentsOf: term[0..<length])
                    overflow.withUnsafeBufferPointer(body)
                    overflow.removeAll(keepingCapacity: true)
                }
                length = 0
            }
            func append(_ byte: UInt8) {
                if length == term.count {
                    overflow.append(contentsOf: term)
                    length = 0
                }
                term[length] = byte
                length += 1
            }
            var inToken = false
            var index = 0
            let count = utf8.count
            while index < count {
                let lead = utf8[index]
                if lead < 0x80 {
                    index += 1
                    if lead >= 0x61 && lead <= 0x7a || lead >= 0x30 && lead <= 0x39 {
                        append(lead)
                        inToken = true
                    } else if lead >= 0x41 && lead <= 0x5a {
                        append(lead | 0x20)
                        inToken = true
                    } else if inToken {
                        emit()
                        inToken = false
                    }
                    continue
                }
                var scalar: UInt32
                var width: Int
                if lead >= 0xf0 {
                    scalar = UInt32(lead & 0x07)
                    width = 4
                } else if lead >= 0xe0 {
                    scalar = UInt32(lead & 0x0f)
                    width = 3
                } else {
                    scalar = UInt32(lead & 0x1f)
                    width = 2
                }
                if index + width > count { width = count - index }
                for offset in 1..<max(width, 1) { scalar = scalar << 6 | UInt32(utf8[index + offset] & 0x3f) }
                index += max(width, 1)
                if tables.isSeparator(scalar) {
                    if inToken && tables.diacritics.contains(scalar) { continue }
                    if inToken {
                        emit()
                        inToken = false
                    }
                    continue
                }
                inToken = true
                let folded = tables.folds[scalar] ?? scalar
                if folded < 0x80 {
                    append(UInt8(folded))
                } else if folded < 0x800 {
                    append(UInt8(0xc0 | folded >> 6))
                    append(UInt8(0x80 | folded & 0x3f))
                } else if folded < 0x10000 {
                    append(UInt8(0xe0 | folded >> 12))
                    append(UInt8(0x80 | folded >> 6 & 0x3f))
                    append(UInt8(0x80 | folded & 0x3f))
                } else {
                    append(UInt8(0xf0 | folded >> 18))
                    append(UInt8(0x80 | folded >> 12 & 0x3f))
                    append(UInt8(0x80 | folded >> 6 & 0x3f))
                    append(UInt8(0x80 | folded & 0x3f))
                }
            }
            if inToken { emit() }
        }
    }
}
