import CCRC32C

/// CRC-32C (Castagnoli), the checksum of every section of a segment, of the manifest and of each log record: with
/// the processor's CRC-32C instruction where it has one (x86-64 with SSE 4.2, arm64 with the CRC extension), else
/// sliced by 8 bytes in software.
enum CRC32C {
    /// Whether ``checksum(_:continuing:)`` uses the processor's instruction.
    static let usesHardware = ccrc32c_hardware_available() == 1

    /// Eight tables of 256 entries, one after the other: table `k` advances a byte by `k` more bytes of zeros.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            var crc = UInt32(index)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            tables[index] = crc
        }
        for table in 1..<8 {
            for index in 0..<256 {
                let previous = tables[(table - 1) * 256 + index]
                tables[table * 256 + index] = (previous >> 8) ^ tables[Int(previous & 0xff)]
            }
        }
        return tables
    }()

    /// The checksum of `bytes`; with `previous`, the checksum of the bytes `previous` was computed over followed by
    /// `bytes`, so a long section can be checksummed piece by piece.
    static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        guard usesHardware, let base = bytes.baseAddress else { return sliced(bytes, continuing: previous) }
        return ~ccrc32c_hardware_update(~previous, base, bytes.count)
    }

    /// The checksum in software, eight bytes a step (``checksum(_:continuing:)`` without the instruction).
    static func sliced(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        var crc = ~previous
        let count = bytes.count
        var offset = 0
        tables.withUnsafeBufferPointer { tables in
            // Every index below is a byte plus a table's start, inside the 2,048 entries: read without bounds checks.
            let t = tables.baseAddress!
            while offset + 8 <= count {
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) ^ UInt64(crc)
                crc =
                    t[1792 + Int(word & 0xff)] ^ t[1536 + Int((word >> 8) & 0xff)] ^ t[1280 + Int((word >> 16) & 0xff)]
                    ^ t[1024 + Int((word >> 24) & 0xff)] ^ t[768 + Int((word >> 32) & 0xff)] ^ t[512 + Int((word >> 40) & 0xff)]
                    ^ t[256 + Int((word >> 48) & 0xff)] ^ t[Int(word >> 56)]
                offset += 8
            }
            while offset < count {
                crc = (crc >> 8) ^ t[Int((crc ^ UInt32(bytes[offset])) & 0xff)]
                offset += 1
            }
        }
        return ~crc
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { checksum($0) } }
}
