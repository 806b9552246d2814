import NATSTestSupport
import Testing

@testable import SluiceIndex

/// The sliced CRC-32C against its published check value and a bit-at-a-time computation.
struct CRC32CTests {
    /// CRC-32C one bit at a time, straight from the polynomial.
    static func bitwise(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }

    @Test func checkValues() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
    }

    @Test func aChecksumContinuedPieceByPieceEqualsTheWholeOne() {
        var random = SeededRandom()
        let bytes = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &random) }
        bytes.withUnsafeBytes { all in
            for cut in [0, 1, 7, 8, 500, 999, 1000] {
                let first = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: all[..<cut]))
                let whole = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: all[cut...]), continuing: first)
                #expect(whole == Self.bitwise(bytes), "cut at \(cut), \(random)")
            }
        }
    }

    @Test func everyLengthAndAlignmentMatchesTheBitwiseCRC() {
        var random = SeededRandom()
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &random) }
        bytes.withUnsafeBytes { all in
            // Starts 0 to 8 put the 8-byte loads at every alignment.
            for start in 0..<9 {
                for end in stride(from: start, through: all.count, by: 7) {
                    let part = UnsafeRawBufferPointer(rebasing: all[start..<end])
                    #expect(CRC32C.checksum(part) == Self.bitwise(Array(part)), "\(start)..<\(end)")
                }
            }
        }
    }
}
