import Synchronization

/// The pipelines whose dead letters are being replayed, so that a second replay of them is refused while the first
/// runs (two at once would publish the same records twice).
final class ReplayClaims: Sendable {
    private let claimed = Mutex<Set<String>>([])

    /// Claims `pipelines` for one replay; `false`, claiming nothing, when a replay holds any of them.
    func claim(_ pipelines: Set<String>) -> Bool {
        claimed.withLock { claimed in
            guard claimed.isDisjoint(with: pipelines) else { return false }
            claimed.formUnion(pipelines)
            return true
        }
    }

    /// Gives back what ``claim(_:)`` took.
    func release(_ pipelines: Set<String>) {
        _ = claimed.withLock { $0.subtract(pipelines) }
    }
}
