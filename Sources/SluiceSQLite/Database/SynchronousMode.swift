/// How hard SQLite makes sure a commit reached the disk (`PRAGMA synchronous`, in WAL mode).
public enum SynchronousMode: String, Sendable, Hashable, CaseIterable {
    /// Every commit is synced to the disk before it returns: nothing committed is lost, even on power loss.
    case full
    /// The log is synced at checkpoints only: nothing is lost when the process crashes, but the last commits can
    /// be on a power loss.
    case normal

    /// The `PRAGMA` statement that sets it.
    var pragma: String { "PRAGMA synchronous = \(rawValue.uppercased())" }
}
