extension KeyedDecodingContainer {
    /// Decodes a duration written as text (`5s`), turning a parse error into a `DecodingError` at `key`.
    func decodeDuration(forKey key: Key) throws -> Duration {
        let text = try decode(String.self, forKey: key)
        do {
            return try Duration(parsing: text)
        } catch let error as SluiceError {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.reason)
        }
    }

    /// Decodes a duration written as text when the key is present.
    func decodeDurationIfPresent(forKey key: Key) throws -> Duration? {
        try contains(key) ? decodeDuration(forKey: key) : nil
    }
}
