/// Decodes `Decodable` values from YAML: mappings as keyed containers, sequences as unkeyed ones, scalars as strings,
/// numbers and booleans. Keys the type does not ask for are ignored.
///
/// Errors are `DecodingError`s whose coding path leads to the node at fault (``YAMLNode/node(at:)`` finds it);
/// a text that is not valid YAML throws ``YAMLError``.
public struct YAMLDecoder: Sendable {
    public init() {}

    /// Decodes a `T` from the text of one YAML document; an empty document decodes as an empty mapping.
    public func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let root = try YAMLNode.parse(text) ?? YAMLNode(.mapping(YAMLMapping()), at: YAMLMark(line: 1, column: 1))
        return try decode(type, from: root)
    }

    /// Decodes a `T` from a node.
    public func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode) throws -> T {
        try T(from: NodeDecoder(node: node, codingPath: []))
    }
}

extension YAMLNode {
    /// The node a coding path leads to from this one, or the deepest node on the way that exists.
    public func node(at codingPath: [any CodingKey]) -> YAMLNode {
        var node = self
        for key in codingPath {
            if let index = key.intValue, let items = node.sequence, index < items.count {
                node = items[index]
            } else if let value = node.mapping?[key.stringValue] {
                node = value
            } else {
                break
            }
        }
        return node
    }
}

/// A position in a sequence, as a coding key.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

/// The decoder of one node.
struct NodeDecoder: Decoder {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let mapping = node.mapping else { throw mismatch([String: Any].self, "a mapping") }
        return KeyedDecodingContainer(KeyedNodeContainer(mapping: mapping, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let items = node.sequence else { throw mismatch([Any].self, "a list") }
        return UnkeyedNodeContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { ScalarContainer(decoder: self) }

    /// A type mismatch: `expected` is what the type needed, said for people.
    func mismatch(_ type: Any.Type, _ expected: String) -> DecodingError {
        let found: String
        switch node.content {
        case .scalar(let scalar): found = "\"\(scalar.string)\""
        case .sequence: found = "a list"
        case .mapping: found = "a mapping"
        }
        return .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(found) at \(node.mark)"))
    }
}
