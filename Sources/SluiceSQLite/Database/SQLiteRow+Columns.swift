import SQLiteNIO

extension SQLiteRow {
    /// The integer in column `name`; throws when it is missing or not an integer.
    func int64(_ name: String) throws -> Int64 {
        guard case .integer(let value) = column(name) else { throw missing(name, "an integer") }
        return Int64(value)
    }

    /// The text in column `name`; throws when it is missing or not text.
    func string(_ name: String) throws -> String {
        guard case .text(let value) = column(name) else { throw missing(name, "text") }
        return value
    }

    /// The text in column `name`, or `nil` when it is NULL.
    func optionalString(_ name: String) throws -> String? {
        if column(name)?.isNull ?? true { return nil }
        return try string(name)
    }

    /// The bytes in column `name`; NULL reads as empty (SQLite stores an empty blob as NULL).
    func bytes(_ name: String) throws -> ByteBuffer {
        switch column(name) {
        case .blob(let value): return value
        case .null: return ByteBuffer()
        default: throw missing(name, "a blob")
        }
    }

    /// The number in column `name` as a `Double`; throws when it is missing or not a number.
    func double(_ name: String) throws -> Double {
        switch column(name) {
        case .float(let value): return value
        case .integer(let value): return Double(value)
        default: throw missing(name, "a number")
        }
    }

    private func missing(_ name: String, _ kind: String) -> SluiceSQLiteError {
        SluiceSQLiteError(.storage, "column \(name) is not \(kind) in \(self)")
    }
}
