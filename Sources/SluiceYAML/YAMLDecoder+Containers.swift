/// A mapping as a keyed container.
struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let mapping: YAMLMapping
    let codingPath: [any CodingKey]

    var allKeys: [Key] { mapping.keys.compactMap { $0.scalar.flatMap { Key(stringValue: $0.string) } } }

    func contains(_ key: Key) -> Bool { mapping[key.stringValue] != nil }

    private func child(_ key: Key) throws -> NodeDecoder {
        guard let node = mapping[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no key '\(key.stringValue)'"))
        }
        return NodeDecoder(node: node, codingPath: codingPath + [key])
    }

    private func value<T: Decodable>(_ key: Key) throws -> T { try T(from: child(key)) }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).node.isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try value(key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder {
        NodeDecoder(node: YAMLNode(.mapping(mapping), at: mapping.keys.first?.mark ?? YAMLMark(line: 1, column: 1)), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

/// A sequence as an unkeyed container.
struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let items: [YAMLNode]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [YAMLNode], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> NodeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self,
                .init(codingPath: codingPath + [IndexKey(intValue: currentIndex)], debugDescription: "the list has only \(items.count) items")
            )
        }
        defer { currentIndex += 1 }
        return NodeDecoder(node: items[currentIndex], codingPath: codingPath + [IndexKey(intValue: currentIndex)])
    }

    private mutating func value<T: Decodable>() throws -> T { try T(from: next()) }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try value() }
    mutating func decode(_ type: String.Type) throws -> String { try value() }
    mutating func decode(_ type: Double.Type) throws -> Double { try value() }
    mutating func decode(_ type: Float.Type) throws -> Float { try value() }
    mutating func decode(_ type: Int.Type) throws -> Int { try value() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try value() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try value() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try value() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try value() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try value() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try value() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try value() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try value() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try value() }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try value() }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

/// A scalar as a single value: any scalar reads as a string; numbers and booleans are parsed from its text.
struct ScalarContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    private func text(_ type: Any.Type, _ expected: String) throws -> String {
        guard let scalar = decoder.node.scalar else { throw decoder.mismatch(type, expected) }
        return scalar.string
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        var digits = Substring(try text(type, "an integer").filter { $0 != "_" })
        let negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits.removeFirst() }
        var radix = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0o") {
            radix = digits.hasPrefix("0x") ? 16 : 8
            digits.removeFirst(2)
        }
        guard let value = T(negative ? "-\(digits)" : String(digits), radix: radix) else {
            throw decoder.mismatch(type, "an integer")
        }
        return value
    }

    private func floatingPoint<T: LosslessStringConvertible & FloatingPoint>(_ type: T.Type) throws -> T {
        let text = try text(type, "a number")
        switch text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default:
            guard let value = T(text.filter { $0 != "_" }) else { throw decoder.mismatch(type, "a number") }
            return value
        }
    }

    func decodeNil() -> Bool { decoder.node.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch try text(type, "true or false").lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw decoder.mismatch(type, "true or false")
        }
    }

    func decode(_ type: String.Type) throws -> String { try text(type, "a string") }
    func decode(_ type: Double.Type) throws -> Double { try floatingPoint(type) }
    func decode(_ type: Float.Type) throws -> Float { try floatingPoint(type) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder) }
}
