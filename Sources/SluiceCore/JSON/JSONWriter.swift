/// Writes compact JSON into memory measured beforehand by a ``JSONByteCounter``.
struct JSONWriter: JSONSink {
    private var cursor: UnsafeMutablePointer<UInt8>
    private let end: UnsafeMutablePointer<UInt8>
    /// Whether the output passed the end; nothing more is written then.
    private var overflowed = false

    /// An array of at most `capacity` bytes, filled by `body`; stops the program when they are more.
    static func bytes(capacity: Int, _ body: (inout JSONWriter) -> Void) -> [UInt8] {
        guard let bytes = bytesIfTheyFit(capacity: capacity, body) else {
            preconditionFailure("JSON output is longer than its measured size")
        }
        return bytes
    }

    /// An array of at most `capacity` bytes filled by `body`, or `nil` when they are more.
    static func bytesIfTheyFit(capacity: Int, _ body: (inout JSONWriter) -> Void) -> [UInt8]? {
        var fits = true
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            guard let base = buffer.baseAddress else {
                fits = false
                return
            }
            var writer = JSONWriter(cursor: base, end: base + capacity)
            body(&writer)
            fits = !writer.overflowed
            initialized = fits ? writer.cursor - base : 0
        }
        return fits ? bytes : nil
    }

    /// The length of the escape sequence written for `byte`: 2 for `\"`, `\\`, `\n`…, 6 for `\u00XX`.
    static func escapeLength(of byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x08, 0x0C, 0x0A, 0x0D, 0x09: 2
        default: 6
        }
    }

    private init(cursor: UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>) {
        self.cursor = cursor
        self.end = end
    }

    /// Room for `count` more bytes, or `nil` (and nothing written from then on) when the end is nearer.
    private mutating func claim(_ count: Int) -> UnsafeMutablePointer<UInt8>? {
        guard !overflowed, end - cursor >= count else {
            overflowed = true
            return nil
        }
        defer { cursor += count }
        return cursor
    }

    mutating func writeRaw(_ text: StaticString) {
        claim(text.utf8CodeUnitCount)?.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
    }

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            claim(1)?.pointee = UInt8(ascii: "\"")
            if let base = utf8.baseAddress {
                var isASCII = true
                var runStart = 0
                while runStart <= utf8.count {
                    let special = ByteScan.firstSpecial(base, from: runStart, to: utf8.count, isASCII: &isASCII)
                    guard let run = claim(special - runStart) else { return }
                    run.update(from: base + runStart, count: special - runStart)
                    guard special < utf8.count else { break }
                    writeEscape(base[special])
                    runStart = special + 1
                }
            }
            claim(1)?.pointee = UInt8(ascii: "\"")
        }
    }

    mutating func write(_ integer: Int64) {
        var magnitude = integer.magnitude
        var digits = 1
        var scale: UInt64 = 1
        while magnitude / scale >= 10 {
            scale *= 10
            digits += 1
        }
        if integer < 0 { claim(1)?.pointee = UInt8(ascii: "-") }
        guard let out = claim(digits) else { return }
        for position in (0..<digits).reversed() {
            out[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        }
    }

    mutating func write(_ double: Double) {
        guard double.isFinite else {
            writeRaw("null")
            return
        }
        var text = double.description
        text.withUTF8 { utf8 in
            claim(utf8.count)?.update(from: utf8.baseAddress!, count: utf8.count)
        }
    }

    private mutating func writeEscape(_ byte: UInt8) {
        let letter: UInt8? =
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte
            case 0x08: UInt8(ascii: "b")
            case 0x0C: UInt8(ascii: "f")
            case 0x0A: UInt8(ascii: "n")
            case 0x0D: UInt8(ascii: "r")
            case 0x09: UInt8(ascii: "t")
            default: nil
            }
        if let letter {
            guard let out = claim(2) else { return }
            out[0] = UInt8(ascii: "\\")
            out[1] = letter
        } else {
            guard let out = claim(6) else { return }
            out.update(from: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30], count: 4)
            out[4] = Self.hexDigit(byte >> 4)
            out[5] = Self.hexDigit(byte & 0xF)
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
