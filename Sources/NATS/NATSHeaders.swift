/// Message headers: the `NATS/1.0` status line and `Name: Value` lines.
///
/// Names keep the case they were sent with and may repeat. Lookup by name tries the exact
/// name first and then ignores case.
public struct NATSHeaders: Sendable, Equatable, Sequence {
    /// A status code carried on the first line, such as 503 (no responders) or JetStream's 100, 404, 408 and 409.
    public var status: Int?
    /// The text that follows the status code.
    public var statusDescription: String?
    private var fields: [(name: String, value: String)]

    /// Creates empty headers.
    public init() { fields = [] }

    /// Creates headers from name/value pairs, in order.
    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { (name: $0.0, value: $0.1) }
    }

    /// `true` when there is neither a status nor a field.
    public var isEmpty: Bool { fields.isEmpty && status == nil }

    /// The number of fields.
    public var count: Int { fields.count }

    /// The first value for `name`, or sets `name` to one value, replacing all it had (`nil` removes it).
    public subscript(name: String) -> String? {
        get {
            if let exact = fields.first(where: { $0.name == name }) { return exact.value }
            let lowered = name.lowercased()
            return fields.first(where: { $0.name.lowercased() == lowered })?.value
        }
        set {
            let lowered = name.lowercased()
            fields.removeAll { $0.name == name || $0.name.lowercased() == lowered }
            if let newValue { fields.append((name: name, value: newValue)) }
        }
    }

    /// Every value of `name`, in the order they were added.
    public func values(for name: String) -> [String] {
        let exact = fields.filter { $0.name == name }.map(\.value)
        if !exact.isEmpty { return exact }
        let lowered = name.lowercased()
        return fields.filter { $0.name.lowercased() == lowered }.map(\.value)
    }

    /// Adds a value for `name`, keeping those it has.
    public mutating func append(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    public static func == (lhs: NATSHeaders, rhs: NATSHeaders) -> Bool {
        lhs.status == rhs.status && lhs.statusDescription == rhs.statusDescription
            && lhs.fields.elementsEqual(rhs.fields, by: { $0.name == $1.name && $0.value == $1.value })
    }
}

extension NATSHeaders: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }
}
