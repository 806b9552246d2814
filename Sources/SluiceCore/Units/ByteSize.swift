/// A number of bytes, read from configuration as `5MB`, `512KiB`, `1.5GB` or a plain integer.
///
/// `KB`, `MB`, `GB`, `TB` are powers of 1000; `KiB`, `MiB`, `GiB`, `TiB` powers of 1024; `B` or no unit is bytes.
/// Units are read case-insensitively (`5mb` is `5MB`). Fractions are truncated to whole bytes.
public struct ByteSize: Sendable, Hashable, Comparable {
    /// The number of bytes.
    public var bytes: Int

    /// A size of `bytes` bytes.
    public init(bytes: Int) {
        self.bytes = bytes
    }

    /// Parses a size such as `5MB`, `512KiB`, `1.5GB`, `100B` or `100`; a space may separate number and unit.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidSize`` saying what is wrong and what is allowed.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingWhitespace()
        func failure(_ problem: String) -> SluiceError {
            SluiceError(
                .invalidSize,
                "\"\(text)\" is not a size: \(problem); write a number and a unit (B, KB, MB, GB, TB, KiB, MiB, GiB, "
                    + "TiB), such as 5MB or 512KiB"
            )
        }
        var scanner = UnitScanner(trimmed)
        guard let number = scanner.number() else { throw failure("expected a number") }
        scanner.skipWhitespace()
        let unit = scanner.unit()
        guard scanner.isAtEnd else { throw failure("unexpected \"\(scanner.rest)\" after the unit") }
        guard let unitSize = Self.unitSizes[unit.lowercased()] else { throw failure("unknown unit \"\(unit)\"") }
        guard let bytes = number.scaled(by: unitSize), let size = Int(exactly: bytes) else {
            throw failure("it is too large")
        }
        self.bytes = size
    }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }

    private static let unitSizes: [String: Int64] = [
        "": 1, "b": 1,
        "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000, "tb": 1_000_000_000_000,
        "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
    ]
}

extension ByteSize: CustomStringConvertible {
    /// The size in the largest unit that expresses it exactly: `5MB`, `512KiB`, `100B`.
    public var description: String {
        guard bytes != 0 else { return "0B" }
        let units: [(String, Int)] = [
            ("TiB", 1 << 40), ("TB", 1_000_000_000_000), ("GiB", 1 << 30), ("GB", 1_000_000_000),
            ("MiB", 1 << 20), ("MB", 1_000_000), ("KiB", 1 << 10), ("KB", 1_000),
        ]
        for (unit, size) in units where bytes % size == 0 {
            return "\(bytes / size)\(unit)"
        }
        return "\(bytes)B"
    }
}

extension ByteSize: Codable {
    /// Decodes a size from a text (`5MB`) or a non-negative integer number of bytes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let bytes = try? container.decode(Int.self) {
            guard bytes >= 0 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "a size cannot be negative")
            }
            self.init(bytes: bytes)
            return
        }
        do {
            try self.init(parsing: try container.decode(String.self))
        } catch let error as SluiceError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.reason)
        }
    }

    /// Encodes the size as its text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
