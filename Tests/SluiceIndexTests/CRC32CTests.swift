import NATSTestSupport
import Testing

@testable import SluiceIndex

/// Both CRC-32C implementations, the processor's instruction and the sliced tables, against the published check
/// values and a bit-at-a-time computation.
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

    /// The checksum as ``CRC32C/checksum(_:continuing:)`` computes it here, or in software only.
    static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0, software: Bool) -> UInt32 {
        software ? CRC32C.sliced(bytes, continuing: previous) : CRC32C.checksum(bytes, continuing: previous)
    }

    static func checksum(_ bytes: [UInt8], software: Bool) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, software: software) }
    }

    #if arch(x86_64)
    /// Every x86-64 machine the project runs on has SSE 4.2: the instruction, not the tables, is what is tested there.
    @Test func theInstructionIsUsedOnX86() {
        #expect(CRC32C.usesHardware)
    }
    #endif

    @Test(arguments: [false, true]) func checkValues(software: Bool) {
        #expect(Self.checksum(Array("123456789".utf8), software: software) == 0xE306_9283)
        #expect(Self.checksum([UInt8](), software: software) == 0)
        #expect(Self.checksum([UInt8](repeating: 0, count: 32), software: software) == 0x8A91_36AA)
    }

    @Test(arguments: [false, true]) func aChecksumContinuedPieceByPieceEqualsTheWholeOne(software: Bool) {
        var random = SeededRandom()
        let bytes = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &random) }
        bytes.withUnsafeBytes { all in
            for cut in [0, 1, 7, 8, 500, 999, 1000] {
                let first = Self.checksum(UnsafeRawBufferPointer(rebasing: all[..<cut]), software: software)
                let whole = Self.checksum(UnsafeRawBufferPointer(rebasing: all[cut...]), continuing: first, software: software)
                #expect(whole == Self.bitwise(bytes), "cut at \(cut), \(random)")
            }
        }
    }

    @Test(arguments: [false, true]) func everyLengthAndAlignmentMatchesTheBitwiseCRC(software: Bool) {
        var random = SeededRandom()
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &random) }
        bytes.withUnsafeBytes { all in
            // Starts 0 to 8 put the 8-byte loads at every alignment.
            for start in 0..<9 {
                for end in stride(from: start, through: all.count, by: 7) {
                    let part = UnsafeRawBufferPointer(rebasing: all[start..<end])
                    #expect(Self.checksum(part, software: software) == Self.bitwise(Array(part)), "\(start)..<\(end)")
                }
            }
        }
    }
}
