/// Answers "does `user` have `relation` on `object`?" from the local store.
///
/// A check holds when the store has the tuple itself, or the tuple with a relation that implies the asked one
/// (`editor` implies `viewer` when the product says so), or when a userset holding the relation (`group:eng#member`)
/// has the user: that is a check of `member` on `group:eng`, followed to ``maxDepth`` usersets deep.
public struct LocalCheck: Sendable {
    /// The store.
    public let store: EdgeStore
    /// How many usersets deep a check follows.
    public let maxDepth: Int

    /// Creates a checker.
    public init(store: EdgeStore, maxDepth: Int) {
        self.store = store
        self.maxDepth = maxDepth
    }

    /// Whether the check holds.
    public func check(store storeID: String, object: String, relation: String, user: String, implied: [String: [String]]) async throws -> Bool {
        var visited: Set<String> = []
        return try await check(storeID, object, relation, user, implied, depth: 0, visited: &visited)
    }

    private func check(
        _ storeID: String,
        _ object: String,
        _ relation: String,
        _ user: String,
        _ implied: [String: [String]],
        depth: Int,
        visited: inout Set<String>
    ) async throws -> Bool {
        guard visited.insert("\(object)#\(relation)").inserted else { return false }
        let relations = Self.relations(implying: relation, implied)
        if try await store.hasTuple(store: storeID, object: object, relations: relations, user: user) { return true }
        guard depth < maxDepth else { return false }
        for userset in try await store.usersets(store: storeID, object: object, relations: relations) {
            guard let hash = userset.firstIndex(of: "#") else { continue }
            let setObject = String(userset[..<hash])
            let setRelation = String(userset[userset.index(after: hash)...])
            if try await check(storeID, setObject, setRelation, user, implied, depth: depth + 1, visited: &visited) { return true }
        }
        return false
    }

    /// `relation` and every relation that implies it, directly or through others.
    static func relations(implying relation: String, _ implied: [String: [String]]) -> [String] {
        var result = [relation]
        var index = 0
        while index < result.count {
            for implier in implied[result[index]] ?? [] where !result.contains(implier) { result.append(implier) }
            index += 1
        }
        return result
    }
}
