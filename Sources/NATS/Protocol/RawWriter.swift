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
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
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
