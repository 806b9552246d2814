/// A byte-oriented LZ77 codec in the LZ4 block format: a sequence is a token (literal count and match length, four
/// bits each, 15 meaning more length bytes follow), the literals, then a two-byte little-endian distance back to at
/// least four earlier bytes to repeat. No entropy coding, so it compresses at hundreds of megabytes a second and
/// decompresses faster; the stored documents' blocks use it. As the format requires, the last five bytes are always
/// literals and no match starts in the last twelve.
enum LZBlock {
    static let minimumMatch = 4
    static let maximumDistance = 65_535
    private static let literalTail = 5
    private static let matchStartMargin = 12
    private static let hashBits = 12

    /// The most bytes compressing `count` bytes can take (all literals, with their length bytes and a token).
    static func maximumCompressedLength(_ count: Int) -> Int { count + count / 255 + 16 }

    /// Compresses blocks one after another, keeping its table of recent positions from block to block (cleared for
    /// each block, so the output depends on the input only).
    struct Compressor {
        private var table = [Int32](repeating: -1, count: 1 << LZBlock.hashBits)

        init() {}

        /// Appends the compressed form of `input` to `output`.
        mutating func compress(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
            let start = output.count
            let bound = LZBlock.maximumCompressedLength(input.count)
            output.append(contentsOf: repeatElement(0, count: bound))
            let written = output.withUnsafeMutableBytes { output in
                table.withUnsafeMutableBufferPointer { table in
                    LZBlock.compress(input, to: output.baseAddress! + start, table: table)
                }
            }
            output.removeLast(bound - written)
        }
    }

    /// Writes `input` compressed to `destination` (room for ``maximumCompressedLength(_:)`` bytes); returns the bytes
    /// written.
    private static func compress(
        _ input: UnsafeRawBufferPointer,
        to destination: UnsafeMutableRawPointer,
        table: UnsafeMutableBufferPointer<Int32>
    ) -> Int {
        var sink = SequenceSink(destination)
        let count = input.count
        guard count > matchStartMargin, count < Int(Int32.max), let source = input.baseAddress else {
            sink.literals(input.baseAddress, count: count)
            return sink.written
        }
        table.update(repeating: -1)
        let matchStartLimit = count - matchStartMargin
        let matchEndLimit = count - literalTail
        var anchor = 0
        var position = 0
        while position < matchStartLimit {
            let bytes = source.loadUnaligned(fromByteOffset: position, as: UInt32.self)
            let slot = Int((bytes &* 2_654_435_761) >> UInt32(32 - hashBits))
            let candidate = Int(table[slot])
            table[slot] = Int32(position)
            guard candidate >= 0, position - candidate <= maximumDistance,
                source.loadUnaligned(fromByteOffset: candidate, as: UInt32.self) == bytes
            else {
                // Step faster through input that does not repeat.
                position += 1 + (position - anchor) >> 6
                continue
            }
            var start = position
            var earlier = candidate
            while start > anchor, earlier > 0,
                source.load(fromByteOffset: start - 1, as: UInt8.self) == source.load(fromByteOffset: earlier - 1, as: UInt8.self)
            {
                start -= 1
                earlier -= 1
            }
            let end = matchEnd(source, from: position + minimumMatch, earlier: candidate + minimumMatch, limit: matchEndLimit)
            sink.literals(source + anchor, count: start - anchor)
            sink.match(distance: start - earlier, length: end - start)
            position = end
            anchor = end
        }
        sink.literals(source + anchor, count: count - anchor)
        return sink.written
    }

    /// Where the bytes at `position` stop repeating those at `earlier`, at most `limit`: eight bytes compared at a time.
    @inline(__always)
    private static func matchEnd(_ source: UnsafeRawPointer, from position: Int, earlier: Int, limit: Int) -> Int {
        var position = position
        var earlier = earlier
        while position + 8 <= limit {
            let difference =
                source.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                ^ source.loadUnaligned(fromByteOffset: earlier, as: UInt64.self)
            if difference != 0 { return position + difference.littleEndian.trailingZeroBitCount >> 3 }
            position += 8
            earlier += 8
        }
        while position < limit, source.load(fromByteOffset: position, as: UInt8.self) == source.load(fromByteOffset: earlier, as: UInt8.self) {
            position += 1
            earlier += 1
        }
        return position
    }

    /// Writes sequences: ``literals(_:count:)`` opens one (its token written when the match, or the end, is known).
    private struct SequenceSink {
        private let start: UnsafeMutableRawPointer
        private var cursor: UnsafeMutableRawPointer
        private var token: UnsafeMutableRawPointer

        init(_ start: UnsafeMutableRawPointer) {
            self.start = start
            cursor = start
            token = start
        }

        var written: Int { cursor - start }

        /// Opens a sequence with `count` literals from `source`; it ends with ``match(distance:length:)`` or is the last.
        mutating func literals(_ source: UnsafeRawPointer?, count: Int) {
            token = cursor
            token.storeBytes(of: UInt8(min(count, 15)) << 4, as: UInt8.self)
            cursor += 1
            if count >= 15 { length(count - 15) }
            if count > 0, let source { cursor.copyMemory(from: source, byteCount: count) }
            cursor += count
        }

        mutating func match(distance: Int, length matched: Int) {
            cursor.storeBytes(of: UInt16(distance).littleEndian, as: UInt16.self)
            cursor += 2
            let extra = matched - LZBlock.minimumMatch
            token.storeBytes(of: token.load(as: UInt8.self) | UInt8(min(extra, 15)), as: UInt8.self)
            if extra >= 15 { length(extra - 15) }
        }

        /// A length beyond a token's 15: bytes of 255 then the rest.
        private mutating func length(_ value: Int) {
            var rest = value
            while rest >= 255 {
                cursor.storeBytes(of: 255, as: UInt8.self)
                cursor += 1
                rest -= 255
            }
            cursor.storeBytes(of: UInt8(rest), as: UInt8.self)
            cursor += 1
        }
    }

    /// Decompresses `input` into `output`, which must be exactly the original's size: damaged input (a distance
    /// before the start, lengths past either end, a different size) throws ``IndexError/Code/corrupt``.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        let inputEnd = input.count
        let outputEnd = output.count
        var inputOffset = 0
        var outputOffset = 0
        func corrupt(_ what: String) -> IndexError { ByteReader.corrupt("compressed block damaged: \(what)") }
        /// A length continued in bytes of 255, at most `limit` (beyond it the block cannot be right).
        func extendedLength(_ value: Int, limit: Int) throws -> Int {
            var value = value
            while true {
                guard inputOffset < inputEnd else { throw corrupt("truncated length") }
                let byte = input[inputOffset]
                inputOffset += 1
                value += Int(byte)
                guard value <= limit else { throw corrupt("length past the end") }
                if byte < 255 { return value }
            }
        }
        while true {
            guard inputOffset < inputEnd else { throw corrupt("truncated sequence") }
            let token = input[inputOffset]
            inputOffset += 1
            var literals = Int(token >> 4)
            if literals == 15 { literals = try extendedLength(literals, limit: outputEnd) }
            guard literals <= inputEnd - inputOffset, literals <= outputEnd - outputOffset else { throw corrupt("literals past the end") }
            if literals > 0 {
                (output.baseAddress! + outputOffset).copyMemory(from: input.baseAddress! + inputOffset, byteCount: literals)
            }
            inputOffset += literals
            outputOffset += literals
            if inputOffset == inputEnd { break }
            guard inputEnd - inputOffset >= 2 else { throw corrupt("truncated distance") }
            let distance = Int(input[inputOffset]) | Int(input[inputOffset + 1]) << 8
            inputOffset += 2
            guard distance > 0, distance <= outputOffset else { throw corrupt("distance before the start") }
            var length = Int(token & 15)
            if length == 15 { length = try extendedLength(length, limit: outputEnd) }
            length += minimumMatch
            guard length <= outputEnd - outputOffset else { throw corrupt("match past the end") }
            // Copied in pieces no longer than the distance, so that no piece overlaps its own source.
            var left = length
            while left > 0 {
                let piece = min(left, distance)
                let target = output.baseAddress! + outputOffset
                target.copyMemory(from: target - distance, byteCount: piece)
                outputOffset += piece
                left -= piece
            }
        }
        guard outputOffset == outputEnd else { throw corrupt("\(outputOffset) bytes where \(outputEnd) were stored") }
    }
}
