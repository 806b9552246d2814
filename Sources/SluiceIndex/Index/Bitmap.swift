/// A fixed-size set of document numbers, one bit each; a value type, so a snapshot keeps the bits it saw.
struct Bitmap: Hashable, Sendable {
    private var words: [UInt64]
    let count: Int

    init(count: Int) {
        self.count = count
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    func contains(_ index: Int) -> Bool { words[index >> 6] & (1 << UInt64(index & 63)) != 0 }

    /// Sets bit `index`; returns whether it was clear.
    @discardableResult
    mutating func insert(_ index: Int) -> Bool {
        let mask: UInt64 = 1 << UInt64(index & 63)
        let wasClear = words[index >> 6] & mask == 0
        words[index >> 6] |= mask
        return wasClear
    }
}
