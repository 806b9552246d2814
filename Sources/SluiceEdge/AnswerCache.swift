import Synchronization

/// Answers of checks forwarded to the regional API, each kept for a time to live, and dropped early by an invalidate
/// message for its store (`rsfga.control.invalidate.<store>`) or for all (`rsfga.control.invalidate.all`).
public final class AnswerCache: Sendable {
    struct Key: Hashable {
        var store: String
        var object: String
        var relation: String
        var user: String
    }

    private let entries = Mutex<[Key: (allowed: Bool, expires: ContinuousClock.Instant)]>([:])
    /// How long an answer is kept.
    public let ttl: Duration

    /// Creates an empty cache.
    public init(ttl: Duration) {
        self.ttl = ttl
    }

    func answer(for key: Key) -> Bool? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expires > now else {
                entries[key] = nil
                return nil
            }
            return entry.allowed
        }
    }

    func store(_ allowed: Bool, for key: Key) {
        let expires = ContinuousClock.now.advanced(by: ttl)
        entries.withLock { $0[key] = (allowed, expires) }
    }

    /// Drops the answers a cache key names: a store's id drops that store's answers, `all` drops every answer.
    /// - Returns: How many were dropped.
    @discardableResult
    public func invalidate(_ cacheKey: String) -> Int {
        entries.withLock { entries in
            let before = entries.count
            if cacheKey == "all" {
                entries.removeAll()
            } else {
                entries = entries.filter { $0.key.store != cacheKey }
            }
            return before - entries.count
        }
    }

    /// How many answers are cached.
    public var count: Int { entries.withLock { $0.count } }
}
