/// Reads what ``ByteWriter`` wrote from a region of memory, checking every read against the end: damaged input
/// throws ``IndexError/Code/corrupt`` instead of reading past the region.
struct ByteReader {
    let base: UnsafeRawBufferPointer
    var offset: Int

    init(_ base: UnsafeRawBufferPointer, offset: Int = 0) {
        self.base = base
        self.offset = offset
    }

    var isAtEnd: Bool { offset >= base.count }
    var remaining: Int { base.count - offset }

    static func corrupt(_ what: String) -> IndexError { IndexError(.corrupt, what) }

    mutating func byte() throws -> UInt8 {
        guard offset < base.count else { throw Self.corrupt("truncated data") }
        defer { offset += 1 }
        return base[offset]
    }

    @inline(__always)
    mutating func varint() throws -> UInt64 {
        // Most varints of postings are one byte.
        if offset < base.count, base[offset] < 0x80 {
            defer { offset += 1 }
            return UInt64(base[offset])
        }
        return try longVarint()
    }

    private mutating func longVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < base.count else { throw Self.corrupt("truncated varint") }
            let byte = base[offset]
            offset += 1
            result |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw Self.corrupt("varint longer than 64 bits") }
        }
    }

    /// Skips `count` varints without decoding them (a varint ends at each byte below 0x80): for long runs eight bytes
    /// at a time while every byte of them belongs to the varints skipped.
    mutating func skipVarints(_ count: Int) throws {
        var left = count
        while left >= 8, offset + 8 <= base.count {
            let ends = (~base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080).nonzeroBitCount
            // With as many ends as varints left, the word is theirs only if its last byte ends the last of them.
            guard ends < left || (ends == left && base[offset + 7] < 0x80) else { break }
            left -= ends
            offset += 8
        }
        while left > 0 {
            guard offset < base.count else { throw Self.corrupt("truncated varint") }
            if base[offset] < 0x80 { left -= 1 }
            offset += 1
        }
    }

    /// A varint that must fit in `0...limit`.
    @inline(__always)
    mutating func count(atMost limit: Int) throws -> Int {
        let value = try varint()
        guard value <= UInt64(limit) else { throw Self.corrupt("value \(value) exceeds \(limit)") }
        return Int(value)
    }

    mutating func signed() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func uint32() throws -> UInt32 {
        guard remaining >= 4 else { throw Self.corrupt("truncated integer") }
        defer { offset += 4 }
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    mutating func uint64() throws -> UInt64 {
        guard remaining >= 8 else { throw Self.corrupt("truncated integer") }
        defer { offset += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The next `length` bytes, without copying.
    mutating func slice(_ length: Int) throws -> UnsafeRawBufferPointer {
        guard length >= 0, remaining >= length else { throw Self.corrupt("truncated data") }
        defer { offset += length }
        return UnsafeRawBufferPointer(rebasing: base[offset..<offset + length])
    }

    /// A length-prefixed byte string, without copying.
    mutating func blob() throws -> UnsafeRawBufferPointer { try slice(try count(atMost: remaining)) }
}
