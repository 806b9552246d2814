#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A shard's id → location map: open addressing over a 64-bit hash of each id's UTF-8 bytes, with the ids kept in
/// one byte arena to tell colliding hashes apart. Looking up an id read from a segment hashes its bytes in place:
/// no `String` is made, hashed or compared per document.
struct IDMap {
    /// Per slot: entry number + 1, or 0 when empty; linear probing.
    private var slots = [Int32](repeating: 0, count: 1024)
    private var hashes: [UInt64] = []
    private var starts: [UInt32] = []
    private var lengths: [UInt32] = []
    private var arena: [UInt8] = []
    /// Per entry, the location of the id's current version.
    private var values: [DocumentLocation] = []

    /// How many ids the map holds.
    var count: Int { values.count }

    /// A word-at-a-time multiplicative hash; ids are short, so speed matters more than spread over long inputs.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 29)
    }

    /// The entry number of `id`, or the slot where it would go.
    private func find(_ id: UnsafeRawBufferPointer, hash: UInt64) -> (entry: Int?, slot: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot]) - 1
            if entry < 0 { return (nil, slot) }
            if hashes[entry] == hash && Int(lengths[entry]) == id.count {
                let start = Int(starts[entry])
                let same = arena.withUnsafeBytes { arena in
                    id.count == 0 || memcmp(arena.baseAddress! + start, id.baseAddress!, id.count) == 0
                }
                if same { return (entry, slot) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The location of `id`.
    subscript(id: UnsafeRawBufferPointer) -> DocumentLocation? {
        find(id, hash: Self.hash(id)).entry.map { values[$0] }
    }

    /// The location of `id`.
    subscript(id: String) -> DocumentLocation? {
        var id = id
        return id.withUTF8 { self[UnsafeRawBufferPointer($0)] }
    }

    /// Sets the location of `id`.
    mutating func set(_ id: UnsafeRawBufferPointer, _ location: DocumentLocation) {
        let hash = Self.hash(id)
        let (entry, slot) = find(id, hash: hash)
        if let entry {
            values[entry] = location
            return
        }
        slots[slot] = Int32(values.count + 1)
        hashes.append(hash)
        starts.append(UInt32(arena.count))
        lengths.append(UInt32(id.count))
        arena.append(contentsOf: id)
        values.append(location)
        if values.count * 2 > slots.count { grow() }
    }

    /// Moves the current version of `id`, when the map has it, to document `doc` of segment `segment`.
    mutating func move(_ id: UnsafeRawBufferPointer, segment: Int32, doc: UInt32) {
        guard let entry = find(id, hash: Self.hash(id)).entry else { return }
        values[entry].segment = segment
        values[entry].doc = doc
    }

    /// Sizes the slots for `count` more ids, so that taking in a large segment rehashes at most once.
    mutating func reserve(_ count: Int) {
        var size = slots.count
        while (values.count + count) * 2 > size { size <<= 1 }
        if size > slots.count { rehash(size) }
    }

    private mutating func grow() { rehash(slots.count * 2) }

    private mutating func rehash(_ size: Int) {
        slots = [Int32](repeating: 0, count: size)
        let mask = size - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry + 1)
        }
    }
}
