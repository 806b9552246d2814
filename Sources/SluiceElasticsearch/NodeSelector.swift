import Synchronization

/// Picks the node for each request: round-robin over the configured URLs, skipping nodes that recently failed to
/// connect until their cooldown ends. When every node is cooling down, the one that comes back first is used.
final class NodeSelector: Sendable {
    /// The base URLs, without a trailing slash.
    let urls: [String]
    private let cooldown: Duration
    private let state: Mutex<State>

    private struct State {
        var next = 0
        var deadUntil: [ContinuousClock.Instant?]
    }

    init(urls: [String], cooldown: Duration) {
        self.urls = urls
        self.cooldown = cooldown
        self.state = Mutex(State(deadUntil: Array(repeating: nil, count: urls.count)))
    }

    /// The node for the next request: its position and base URL.
    func next(now: ContinuousClock.Instant = .now) -> (index: Int, url: String) {
        let index = state.withLock { state -> Int in
            let count = urls.count
            var earliest: (index: Int, until: ContinuousClock.Instant)?
            for offset in 0..<count {
                let candidate = (state.next + offset) % count
                guard let until = state.deadUntil[candidate], until > now else {
                    state.next = (candidate + 1) % count
                    return candidate
                }
                if earliest == nil || until < earliest!.until { earliest = (candidate, until) }
            }
            let chosen = earliest?.index ?? 0
            state.next = (chosen + 1) % count
            return chosen
        }
        return (index, urls[index])
    }

    /// Skips node `index` for the cooldown (it refused or dropped a connection).
    func markDead(_ index: Int, now: ContinuousClock.Instant = .now) {
        guard urls.count > 1 else { return }
        state.withLock { $0.deadUntil[index] = now.advanced(by: cooldown) }
    }

    /// Takes node `index` back into the rotation (it answered).
    func markAlive(_ index: Int) {
        state.withLock { state in
            if state.deadUntil[index] != nil { state.deadUntil[index] = nil }
        }
    }
}
