import NIOCore

/// Writes protocol text into raw memory that was sized beforehand, so an operation costs one
/// `ByteBuffer` write instead of one per field.
struct RawWriter {
    private let base: UnsafeMutableRawBufferPointer
    private(set) var count = 0

    init(_ base: UnsafeMutableRawBufferPointer) {
        self.base = base
    }

    mutating func write(_ text: StaticString) {
        write(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func write(_ text: String) {
        let written: Void? = text.utf8.withContiguousStorageIfAvailable { write(UnsafeRawBufferPointer($0)) }
        if written == nil {
            for byte in text.utf8 { write(byte: byte) }
        }
    }

    /// Writes a subject to publish to, checking it on the way: not empty, no whitespace or control characters (they
    /// would break the protocol's framing). Wildcards and empty tokens are left to the server: some APIs publish to
    /// subjects that contain a filter, such as JetStream's `$JS.API.CONSUMER.CREATE.<stream>.<name>.<filter>`.
    mutating func writeSubject(_ subject: String) throws {
        let start = count
        write(subject)
        guard count > start else { throw NATSError(.invalidArgument, "subject is empty") }
        if Self.containsSpaceOrControl(UnsafeRawBufferPointer(rebasing: base[start..<count])) {
            throw NATSError(.invalidArgument, "subject '\(subject)' has whitespace or control characters")
        }
    }

    /// Whether any byte is a space, a control character (below 0x20) or DEL, looked at eight bytes at a time.
    ///
    /// A word has a byte below `n` exactly when `(word - 0x01…01 * n) & ~word & 0x80…80` is not zero (a byte at or
    /// above 0x80 never sets its own high bit there, and a borrow only moves on from a byte that is below `n`).
    static func containsSpaceOrControl(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let belowBang = (word &- ones &* 0x21) & ~word & highBits
            let xorDel = word ^ (ones &* 0x7F)
            let del = (xorDel &- ones) & ~xorDel & highBits
            if belowBang | del != 0 { return true }
            offset += 8
        }
        while offset < bytes.count {
            if bytes[offset] <= .space || bytes[offset] == 0x7F { return true }
            offset += 1
        }
        return false
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        (base.baseAddress! + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }

    mutating func write(byte: UInt8) {
        base[count] = byte
        count += 1
    }

    mutating func writeCRLF() {
        base[count] = .cr
        base[count + 1] = .lf
        count += 2
    }

    mutating func writeDecimal(_ value: Int) {
        let length = ByteBuffer.decimalLength(value)
        var remaining = value
        var index = count + length - 1
        repeat {
            base[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
            index -= 1
        } while index >= count
        count += length
    }
}
