import FoundationEssentials

extension KeyedEncodingContainer {
    /// Writes a duration as integer nanoseconds.
    mutating func encodeNanoseconds(_ value: Duration, forKey key: Key) throws {
        try encode(value.nanoseconds, forKey: key)
    }

    /// Writes a duration as integer nanoseconds, omitting `nil` and zero.
    mutating func encodeNanosecondsIfSet(_ value: Duration?, forKey key: Key) throws {
        guard let value, value != .zero else { return }
        try encode(value.nanoseconds, forKey: key)
    }

    /// Writes durations as an array of integer nanoseconds, omitting an empty list.
    mutating func encodeNanosecondsIfNotEmpty(_ values: [Duration], forKey key: Key) throws {
        guard !values.isEmpty else { return }
        try encode(values.map(\.nanoseconds), forKey: key)
    }

    /// Writes a date in RFC 3339 with nanoseconds, omitting `nil`.
    mutating func encodeDateIfPresent(_ value: Date?, forKey key: Key) throws {
        guard let value else { return }
        try encode(RFC3339.format(value), forKey: key)
    }

    /// Writes `true`, omitting `false`.
    mutating func encodeIfTrue(_ value: Bool, forKey key: Key) throws {
        if value { try encode(true, forKey: key) }
    }

    /// Writes a string, omitting `nil` and the empty string.
    mutating func encodeIfNotEmpty(_ value: String?, forKey key: Key) throws {
        guard let value, !value.isEmpty else { return }
        try encode(value, forKey: key)
    }

    /// Writes a collection, omitting it when empty.
    mutating func encodeIfNotEmpty<T: Encodable & Collection>(_ value: T, forKey key: Key) throws {
        guard !value.isEmpty else { return }
        try encode(value, forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// Reads integer nanoseconds as a duration; `nil` when absent or null.
    func decodeNanosecondsIfPresent(forKey key: Key) throws -> Duration? {
        try decodeIfPresent(Int64.self, forKey: key).map { .nanoseconds($0) }
    }

    /// Reads an array of integer nanoseconds; empty when absent.
    func decodeNanosecondsArray(forKey key: Key) throws -> [Duration] {
        try (decodeIfPresent([Int64].self, forKey: key) ?? []).map { .nanoseconds($0) }
    }

    /// Reads an RFC 3339 timestamp; `nil` when absent, null or Go's zero time.
    func decodeDateIfPresent(forKey key: Key) throws -> Date? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = RFC3339.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not an RFC 3339 timestamp: \(text)")
        }
        return text.hasPrefix("0001-01-01T00:00:00") ? nil : date
    }

    /// Reads a value, or returns `defaultValue` when it is absent or null.
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key, default defaultValue: T) throws -> T {
        try decodeIfPresent(type, forKey: key) ?? defaultValue
    }
}
