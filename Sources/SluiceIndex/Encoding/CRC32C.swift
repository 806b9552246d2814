/// CRC-32C (Castagnoli), the checksum of every section of a segment and of the manifest; slicing by 8 bytes.
enum CRC32C {
    private static let tables: [[UInt32]] = {
        var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for index in 0..<256 {
            var crc = UInt32(index)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            tables[0][index] = crc
        }
        for index in 0..<256 {
            for table in 1..<8 {
                let previous = tables[table - 1][index]
                tables[table][index] = (previous >> 8) ^ tables[0][Int(previous & 0xff)]
            }
        }
        return tables
    }()

    /// The checksum of `bytes`.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        let count = bytes.count
        var offset = 0
        tables.withUnsafeBufferPointer { t in
            let t0 = t[0]
            let t1 = t[1]
            let t2 = t[2]
            let t3 = t[3]
            let t4 = t[4]
            let t5 = t[5]
            let t6 = t[6]
            let t7 = t[7]
            while offset + 8 <= count {
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) ^ UInt64(crc)
                crc =
                    t7[Int(word & 0xff)] ^ t6[Int((word >> 8) & 0xff)] ^ t5[Int((word >> 16) & 0xff)]
                    ^ t4[Int((word >> 24) & 0xff)] ^ t3[Int((word >> 32) & 0xff)] ^ t2[Int((word >> 40) & 0xff)]
                    ^ t1[Int((word >> 48) & 0xff)] ^ t0[Int(word >> 56)]
                offset += 8
            }
            while offset < count {
                crc = (crc >> 8) ^ t0[Int((crc ^ UInt32(bytes[offset])) & 0xff)]
                offset += 1
            }
        }
        return ~crc
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { checksum($0) } }
}
