import NIOCore

extension ByteBuffer {
    /// Writes `\r\n`.
    @inlinable
    @discardableResult
    mutating func writeCRLF() -> Int {
        writeInteger(UInt16(0x0D0A))
    }

    /// Writes a non-negative integer in decimal ASCII without building a `String`.
    @inlinable
    @discardableResult
    mutating func writeDecimal(_ value: Int) -> Int {
        precondition(value >= 0)
        let length = Self.decimalLength(value)
        var remaining = value
        let written = writeWithUnsafeMutableBytes(minimumWritableBytes: length) { pointer in
            var index = length - 1
            repeat {
                pointer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
                remaining /= 10
                index -= 1
            } while index >= 0
            return length
        }
        return written
    }

    /// The number of decimal digits of a non-negative integer.
    @inlinable
    static func decimalLength(_ value: Int) -> Int {
        var length = 1
        var remaining = value
        while remaining >= 10 {
            remaining /= 10
            length += 1
        }
        return length
    }
}
