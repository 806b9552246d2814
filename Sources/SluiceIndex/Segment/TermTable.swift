/// A hash table from byte strings to dense numbers (0, 1, 2… in order of first insertion), with the keys kept in
/// one byte arena: inverting a document looks up every term without allocating.
struct TermTable {
    private(set) var arena: [UInt8] = []
    /// Per number: where its key starts in the arena and how long it is.
    private(set) var starts: [Int] = []
    private(set) var lengths: [Int] = []
    /// Open addressing, linear probing: number + 1, or 0 for an empty slot.
    private var slots: [Int32]
    private var hashes: [UInt32] = []

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
    }

    var count: Int { starts.count }

    /// Removes every key, keeping the storage unless the table grew past ``largestKeptSlots``.
    mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        if slots.count > Self.largestKeptSlots {
            slots = [Int32](repeating: 0, count: Self.largestKeptSlots)
        } else {
            slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
    }

    /// The most slots ``removeAll()`` keeps: clearing more for every small segment would cost more than it saves.
    private static let largestKeptSlots = 1 << 16

    /// The key of number `number`.
    func key(_ number: Int) -> ArraySlice<UInt8> { arena[starts[number]..<starts[number] + lengths[number]] }

    private static func hash(_ prefix: UInt8, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 0x811c_9dc5 ^ UInt32(prefix)
        hash &*= 0x0100_0193
        for byte in bytes {
            hash ^= UInt32(byte)
            hash &*= 0x0100_0193
        }
        return hash
    }

    /// The number of the key `prefix` + `bytes`, inserting it when new.
    mutating func number(prefix: UInt8, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = Self.hash(prefix, bytes)
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            let number = entry - 1
            if hashes[number] == hash && lengths[number] == bytes.count + 1 {
                let start = starts[number]
                if arena[start] == prefix
                    && arena.withUnsafeBufferPointer({ arena in
                        bytes.indices.allSatisfy { arena[start + 1 + $0] == bytes[$0] }
                    })
                {
                    return number
                }
            }
            slot = (slot + 1) & mask
        }
        let number = starts.count
        starts.append(arena.count)
        lengths.append(bytes.count + 1)
        hashes.append(hash)
        arena.append(prefix)
        arena.append(contentsOf: bytes)
        slots[slot] = Int32(number + 1)
        if starts.count * 2 > slots.count { grow() }
        return number
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for number in hashes.indices {
            var slot = Int(hashes[number]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number + 1)
        }
    }

    /// The numbers sorted by their keys (byte order).
    func sortedNumbers() -> [Int] {
        arena.withUnsafeBufferPointer { arena in
            Array(0..<count).sorted { a, b in
                let left = UnsafeBufferPointer(rebasing: arena[starts[a]..<starts[a] + lengths[a]])
                let right = UnsafeBufferPointer(rebasing: arena[starts[b]..<starts[b] + lengths[b]])
                return left.lexicographicallyPrecedes(right)
            }
        }
    }
}
