import FoundationEssentials
import Synchronization

/// A Universally Unique Lexicographically Sortable Identifier: 48 bits of Unix time in milliseconds, then 80 random
/// bits, written as 26 characters of Crockford base32 (`01ARZ3NDEKTSV4RRFFQ69G5FAV`).
///
/// IDs compare (and their texts sort) by time first. ``generate(now:)`` is monotonic within a process: IDs made in
/// the same millisecond, or while the clock steps back, increase by one instead of drawing new random bits.
public struct ULID: Sendable, Hashable, Comparable {
    /// The 128 bits: timestamp in the high 48, randomness in the low 80.
    public let rawValue: UInt128

    /// The largest timestamp a ULID can hold (year 10889).
    public static let maximumMilliseconds: UInt64 = (1 << 48) - 1

    /// The ULID with these 128 bits.
    public init(rawValue: UInt128) {
        self.rawValue = rawValue
    }

    /// The ULID with this timestamp (masked to 48 bits) and randomness (masked to 80 bits).
    public init(milliseconds: UInt64, randomness: UInt128) {
        let time = UInt128(milliseconds & Self.maximumMilliseconds)
        rawValue = time << 80 | (randomness & Self.randomnessMask)
    }

    /// Parses 26 characters of Crockford base32, in either case; `I` and `L` read as `1`, `O` as `0`.
    /// `nil` for any other length or character, or a value above 128 bits (a first character above `7`).
    public init?(string: String) {
        let utf8 = string.utf8
        guard utf8.count == 26 else { return nil }
        var value: UInt128 = 0
        for (position, byte) in utf8.enumerated() {
            guard let digit = Self.decodeTable[Int(byte)] else { return nil }
            if position == 0, digit > 7 { return nil }
            value = value << 5 | UInt128(digit)
        }
        rawValue = value
    }

    /// A new ULID for the time `now`, greater than every ULID this process generated before.
    public static func generate(now: Date = Date()) -> ULID {
        shared.withLock { generator in generator.next(now: now) }
    }

    /// The Unix time in milliseconds.
    public var milliseconds: UInt64 { UInt64(truncatingIfNeeded: rawValue >> 80) }

    /// The time the ULID was made.
    public var timestamp: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// The 80 random bits.
    public var randomness: UInt128 { rawValue & Self.randomnessMask }

    public static func < (lhs: ULID, rhs: ULID) -> Bool { lhs.rawValue < rhs.rawValue }

    static let randomnessMask: UInt128 = (1 << 80) - 1

    private static let shared = Mutex(ULIDGenerator())

    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    private static let decodeTable: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 256)
        for (value, byte) in alphabet.enumerated() {
            table[Int(byte)] = UInt8(value)
            table[Int(byte | 0x20)] = UInt8(value)  // lowercase
        }
        for byte in "IiLl".utf8 { table[Int(byte)] = 1 }
        for byte in "Oo".utf8 { table[Int(byte)] = 0 }
        return table
    }()
}

extension ULID: CustomStringConvertible {
    /// The 26-character uppercase Crockford base32 text.
    public var description: String {
        String(unsafeUninitializedCapacity: 26) { buffer in
            for position in 0..<26 {
                let shift = 125 - 5 * position
                buffer[position] = Self.alphabet[Int(truncatingIfNeeded: (rawValue >> shift) & 0x1F)]
            }
            return 26
        }
    }
}

extension ULID: Codable {
    /// Decodes a ULID from its text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let ulid = ULID(string: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not a ULID")
        }
        self = ulid
    }

    /// Encodes the ULID as its text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
