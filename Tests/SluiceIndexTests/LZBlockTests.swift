import NATSTestSupport
import Testing

@testable import SluiceIndex

/// The stored documents' block codec: decompress(compress(x)) == x on seeded inputs of every shape, compressible
/// input shrinks, and damaged input is a clear error.
struct LZBlockTests {
    static func roundTrip(_ input: [UInt8], _ compressor: inout LZBlock.Compressor) throws -> [UInt8] {
        var compressed: [UInt8] = []
        input.withUnsafeBytes { compressor.compress($0, appendingTo: &compressed) }
        #expect(compressed.count <= LZBlock.maximumCompressedLength(input.count))
        var output = [UInt8](repeating: 0, count: input.count)
        try compressed.withUnsafeBytes { compressed in
            try output.withUnsafeMutableBytes { try LZBlock.decompress(compressed, into: $0) }
        }
        #expect(output == input)
        return compressed
    }

    /// Text of a few words, as stored JSON documents are: it repeats at every distance.
    static func text(_ count: Int, _ random: inout SeededRandom) -> [UInt8] {
        let words = ["river", "glacier", "\"title\":", "harbour", " ", "near the", "{\"id\":", "1234", ",", "}"]
        var bytes: [UInt8] = []
        while bytes.count < count { bytes += Array(words.randomElement(using: &random)!.utf8) }
        return Array(bytes.prefix(count))
    }

    @Test func everyShapeOfInputRoundTrips() throws {
        var random = SeededRandom()
        var compressor = LZBlock.Compressor()
        // Every small length (around the format's 12- and 5-byte margins), then larger ones of each kind.
        for count in 0..<40 {
            _ = try Self.roundTrip(Self.text(count, &random), &compressor)
            _ = try Self.roundTrip([UInt8](repeating: 7, count: count), &compressor)
        }
        for _ in 0..<200 {
            let count = Int.random(in: 0...40_000, using: &random)
            let input: [UInt8] =
                switch Int.random(in: 0..<4, using: &random) {
                case 0: (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
                case 1: Self.text(count, &random)
                // Runs of one byte and short periods: matches that overlap their own source.
                case 2: (0..<count).map { UInt8(truncatingIfNeeded: $0 / 300 % 3 == 0 ? 1 : $0 % (1 + $0 / 1000 % 5)) }
                default: Self.text(count / 2, &random) + (0..<count / 2).map { _ in UInt8.random(in: 0...255, using: &random) }
                }
            _ = try Self.roundTrip(input, &compressor)
        }
    }

    @Test func repeatsFurtherBackThanTheWindowAreLiterals() throws {
        var random = SeededRandom()
        var compressor = LZBlock.Compressor()
        let chunk = (0..<70_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        // The second copy is 70,000 bytes back: beyond a distance's 65,535, so it cannot be a match.
        let compressed = try Self.roundTrip(chunk + chunk, &compressor)
        #expect(compressed.count > 2 * chunk.count)
        // A copy 1,000 bytes back is one long match.
        let near = try Self.roundTrip(Array(chunk.prefix(1000)) + Array(chunk.prefix(1000)), &compressor)
        #expect(near.count < 1100)
    }

    @Test func textShrinksAndTheOutputDependsOnTheInputAlone() throws {
        var random = SeededRandom()
        var reused = LZBlock.Compressor()
        let first = Self.text(16_384, &random)
        let second = Self.text(16_384, &random)
        _ = try Self.roundTrip(first, &reused)
        let compressed = try Self.roundTrip(second, &reused)
        #expect(compressed.count * 2 < second.count, "\(compressed.count) bytes of \(second.count)")
        var fresh = LZBlock.Compressor()
        #expect(try Self.roundTrip(second, &fresh) == compressed)
    }

    @Test func damagedInputIsAnErrorNeverARead() throws {
        var random = SeededRandom()
        var compressor = LZBlock.Compressor()
        let input = Self.text(5000, &random)
        var compressed: [UInt8] = []
        input.withUnsafeBytes { compressor.compress($0, appendingTo: &compressed) }
        // The output goes between two runs of guard bytes, checked after every call: a write outside it shows there.
        let guardBytes = 64
        func decompress(_ bytes: [UInt8], size: Int) throws -> [UInt8] {
            var buffer = [UInt8](repeating: 0xA5, count: size + 2 * guardBytes)
            defer {
                let intact = buffer.prefix(guardBytes).allSatisfy { $0 == 0xA5 } && buffer.suffix(guardBytes).allSatisfy { $0 == 0xA5 }
                #expect(intact, "a write outside the output, \(random)")
            }
            try bytes.withUnsafeBytes { bytes in
                try buffer.withUnsafeMutableBytes { buffer in
                    try LZBlock.decompress(bytes, into: UnsafeMutableRawBufferPointer(rebasing: buffer[guardBytes..<guardBytes + size]))
                }
            }
            return Array(buffer[guardBytes..<guardBytes + size])
        }
        #expect(throws: IndexError.self) { try decompress(compressed, size: input.count + 1) }
        #expect(throws: IndexError.self) { try decompress(compressed, size: input.count - 1) }
        #expect(throws: IndexError.self) { try decompress(Array(compressed.dropLast(3)), size: input.count) }
        #expect(throws: IndexError.self) { try decompress([], size: 0) }
        // A distance reaching before the start: one literal, then a match 2 bytes back.
        #expect(throws: IndexError.self) { try decompress([0x10, 65, 2, 0], size: 5) }
        for _ in 0..<2000 {
            var damaged = compressed
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            // Either an error or some bytes of the stored size; the guards say nothing was written outside.
            _ = try? decompress(damaged, size: input.count)
        }
    }
}
