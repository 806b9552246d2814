/// A JSON object whose keys keep the order in which they were inserted (or parsed).
///
/// Setting an existing key replaces its value in place; setting a new key appends it; setting `nil` removes it.
/// Two objects are equal when they have the same keys, in the same order, with equal values. Lookups are linear
/// for small objects; objects with more than 16 keys keep a hash index.
public struct JSONObject: Sendable, Hashable {
    /// One key and its value.
    public typealias Element = (key: String, value: JSONValue)

    struct Entry: Sendable, Hashable {
        var key: String
        var value: JSONValue
    }

    /// The number of keys above which lookups go through a hash index instead of a linear scan.
    static let indexThreshold = 16

    private(set) var entries: [Entry]
    private var index: [String: Int]?

    /// Creates an empty object.
    public init() {
        entries = []
    }

    /// Creates an object from entries whose keys are known to be distinct (the parser checks first).
    init(uniqueEntries: [Entry]) {
        entries = uniqueEntries
        rebuildIndex()
    }

    /// Creates an object from key-value pairs in order; a repeated key keeps its first position and its last value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        entries = []
        for (key, value) in pairs { self[key] = value }
    }

    /// The value for `key`, or `nil`. Setting a value appends a new key or replaces in place; setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return entries[position].value
        }
        set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// The keys, in order.
    public var keys: [String] { entries.map(\.key) }

    /// The values, in key order.
    public var values: [JSONValue] { entries.map(\.value) }

    /// The number of keys.
    public var count: Int { entries.count }

    /// Whether the object has no keys.
    public var isEmpty: Bool { entries.isEmpty }

    /// Sets `value` for `key` (in place when the key exists, appended otherwise) and returns the old value.
    @discardableResult
    public mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
        if let position = position(of: key) {
            let old = entries[position].value
            entries[position].value = value
            return old
        }
        append(key: key, value: value)
        return nil
    }

    /// Removes `key` and returns its value, or `nil` when it was absent. The other keys keep their order.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        let removed = entries.remove(at: position).value
        rebuildIndex()
        return removed
    }

    /// Calls `body` with the value of `key` in place, inserting `defaultValue` first when the key is absent.
    ///
    /// Modifying nested values this way does not copy the containers around them.
    mutating func modifyValue<R>(
        forKey key: String,
        default defaultValue: @autoclosure () -> JSONValue,
        _ body: (inout JSONValue) throws -> R
    ) rethrows -> R {
        let position: Int
        if let existing = self.position(of: key) {
            position = existing
        } else {
            append(key: key, value: defaultValue())
            position = entries.count - 1
        }
        return try body(&entries[position].value)
    }

    /// Whether the object has `key`.
    func contains(_ key: String) -> Bool { position(of: key) != nil }

    private mutating func append(key: String, value: JSONValue) {
        entries.append(Entry(key: key, value: value))
        if index != nil {
            index?[key] = entries.count - 1
        } else if entries.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return entries.firstIndex { $0.key == key }
    }

    private mutating func rebuildIndex() {
        guard entries.count > Self.indexThreshold else {
            index = nil
            return
        }
        var rebuilt = [String: Int](minimumCapacity: entries.count)
        for (position, entry) in entries.enumerated() { rebuilt[entry.key] = position }
        index = rebuilt
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.entries == rhs.entries }

    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }
}

extension JSONObject: Sequence {
    /// Iterates over the keys and values in order.
    public struct Iterator: IteratorProtocol {
        fileprivate var base: IndexingIterator<[Entry]>

        public mutating func next() -> Element? {
            guard let entry = base.next() else { return nil }
            return (entry.key, entry.value)
        }
    }

    public func makeIterator() -> Iterator { Iterator(base: entries.makeIterator()) }

    public var underestimatedCount: Int { entries.count }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object with the keys in the order written; a repeated key keeps its first position and its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}
