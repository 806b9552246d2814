/// A product an edge serves: its stores, how much of them the edge keeps, and how its checks are answered.
public struct Product: Sendable, Hashable {
    /// How much of a product's data an edge keeps.
    public enum Tier: String, Sendable, Hashable, CaseIterable {
        /// Every change of its stores.
        case critical
        /// The changes of the object types in ``Product/objectTypes``.
        case hot
        /// Nothing kept; checks go to the regional API.
        case warm
        /// Nothing kept; checks go to the regional API.
        case cold
    }

    /// Where checks are answered.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// From the local store.
        case full
        /// From a cache, filled by asking the regional API.
        case cache
    }

    /// The product's id.
    public var id: String
    /// Its tier.
    public var tier: Tier
    /// How its checks are answered. Default: `full` for critical and hot, `cache` otherwise.
    public var mode: Mode
    /// The stores it uses.
    public var stores: [String]
    /// For a hot product: the object types kept.
    public var objectTypes: [String] = []
    /// Relations implied by others: `viewer: [editor]` means whoever is an editor is also a viewer.
    public var implied: [String: [String]] = [:]

    /// Creates a product.
    public init(id: String, tier: Tier, mode: Mode? = nil, stores: [String], objectTypes: [String] = [], implied: [String: [String]] = [:]) {
        self.id = id
        self.tier = tier
        self.mode = mode ?? (tier == .critical || tier == .hot ? .full : .cache)
        self.stores = stores
        self.objectTypes = objectTypes
        self.implied = implied
    }

    /// Whether the edge keeps a change of `objectType` in `store`: every change of a critical product, those of its
    /// object types for a hot one, none for warm and cold.
    public func shouldSync(store: String, objectType: String) -> Bool {
        guard stores.contains(store) else { return false }
        switch tier {
        case .critical: return true
        case .hot: return objectTypes.contains(objectType)
        case .warm, .cold: return false
        }
    }
}

/// The products of an edge, and what follows from them: which changes it keeps and its consumer's filters.
public struct ProductRegistry: Sendable, Hashable {
    /// The products.
    public var products: [Product]

    /// Creates a registry.
    public init(_ products: [Product]) {
        self.products = products
    }

    /// The product a store belongs to (the first that lists it).
    public func product(forStore store: String) -> Product? {
        products.first { $0.stores.contains(store) }
    }

    /// Whether any product keeps a change of `objectType` in `store`.
    public func shouldSync(store: String, objectType: String) -> Bool {
        products.contains { $0.shouldSync(store: store, objectType: objectType) }
    }

    /// The consumer's filter subjects, one per kept store (`<prefix>.<store>.>`) or, for a store only hot products
    /// keep, one per kept object type (`<prefix>.<store>.*.<type>`). No two overlap, as the server requires; sorted.
    public func filterSubjects(prefix: String) -> [String] {
        var whole: Set<String> = []
        var types: [String: Set<String>] = [:]
        for product in products {
            for store in product.stores {
                switch product.tier {
                case .critical: whole.insert(store)
                case .hot: types[store, default: []].formUnion(product.objectTypes)
                case .warm, .cold: break
                }
            }
        }
        var subjects = whole.map { "\(prefix).\($0).>" }
        for (store, objectTypes) in types where !whole.contains(store) {
            subjects += objectTypes.map { "\(prefix).\(store).*.\($0)" }
        }
        return subjects.sorted()
    }

    /// The stores whose changes the edge keeps.
    public var syncedStores: Set<String> {
        Set(products.filter { $0.tier == .critical || $0.tier == .hot }.flatMap(\.stores))
    }
}
