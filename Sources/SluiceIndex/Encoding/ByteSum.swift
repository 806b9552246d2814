/// Sums runs of bytes eight at a time: the frequencies of a dense postings block, one byte each, that a walk
/// passes over (or all of them, for the block's position count).
enum ByteSum {
    /// The sum of `count` bytes of `base` from `start` (in bounds).
    @inline(__always)
    static func sum(_ base: UnsafeRawBufferPointer, from start: Int, count: Int) -> Int {
        var total = 0
        var offset = start
        let end = start + count
        while offset + 8 <= end {
            let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            // Pairs of bytes into four 16-bit lanes (each at most 510), then the lanes summed into the top one.
            let pairs = (word & 0x00FF_00FF_00FF_00FF) &+ ((word >> 8) & 0x00FF_00FF_00FF_00FF)
            total += Int((pairs &* 0x0001_0001_0001_0001) >> 48)
            offset += 8
        }
        while offset < end {
            total += Int(base[offset])
            offset += 1
        }
        return total
    }
}
