import SluiceCore

extension KeyedDecodingContainer {
    /// A duration written as text (`250ms`, `5s`) when the key is present; a bad one is a `DecodingError` at `key`.
    func durationIfPresent(forKey key: Key) throws -> Duration? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        do {
            return try Duration(parsing: text)
        } catch let error as SluiceError {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.reason)
        }
    }
}
