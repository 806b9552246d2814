/// The key of a one-key object in pipeline configuration: `{set: {...}}`, `{where: {...}}`.
struct StepCodingKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(_ name: String) { stringValue = name }
}

enum StepCoding {
    /// The container and its only key, which must be one of `allowed`.
    static func singleKey(
        _ decoder: any Decoder,
        allowed: [String],
        kind: String
    ) throws -> (KeyedDecodingContainer<StepCodingKey>, String) {
        let container = try decoder.container(keyedBy: StepCodingKey.self)
        let keys = container.allKeys.map(\.stringValue)
        guard keys.count == 1, let key = keys.first, allowed.contains(key) else {
            let found = keys.isEmpty ? "no key" : keys.sorted().joined(separator: ", ")
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "a \(kind) is an object with exactly one of the keys "
                        + "\(allowed.joined(separator: ", ")); found \(found)"
                )
            )
        }
        return (container, key)
    }
}
