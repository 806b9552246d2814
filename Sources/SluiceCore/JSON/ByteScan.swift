/// Finds the bytes that end a plain run of JSON string content: `"`, `\` and control characters (below 0x20),
/// eight bytes at a time.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first `"`, `\` or control character in `base[start..<end]`, or `end` when there is none.
    /// Clears `isASCII` when a byte before that index is 0x80 or above.
    static func firstSpecial(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, isASCII: inout Bool) -> Int {
        var index = start
        var highSeen: UInt64 = 0
        while index + 8 <= end {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if hasSpecial(word) { break }
            highSeen |= word
            index += 8
        }
        if highSeen & highBits != 0 { isASCII = false }
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return index }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        return end
    }

    /// Whether any byte of `word` is `"`, `\` or below 0x20 (exact, by the "has zero byte" bit trick).
    private static func hasSpecial(_ word: UInt64) -> Bool {
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let control = (word &- ones &* 0x20) & ~word
        let quoteZero = (quote &- ones) & ~quote
        let backslashZero = (backslash &- ones) & ~backslash
        return (control | quoteZero | backslashZero) & highBits != 0
    }
}
