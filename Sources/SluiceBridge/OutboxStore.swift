/// An outbox table a relay reads: the store modules implement it for PostgreSQL and SQLite.
public protocol OutboxStore: Sendable {
    /// Claims up to `limit` due, unpublished rows, oldest first, skipping rows another relay holds; hands them to
    /// `publish`; and records its results together with the claim: rows it does not name as failed get
    /// `published_at`, failed ones get `attempts + 1`, `last_error` and a next attempt after
    /// `backoff[attempts]` (the last entry repeating). No row is published twice by relays running side by side,
    /// except after a crash between the publish and the commit, which the stream's duplicate window absorbs.
    ///
    /// A relay calls it again while a batch it claimed is still being published (the next claim skips the rows of
    /// the first), so a store must allow claims to overlap.
    ///
    /// - Parameters:
    ///   - limit: The most rows to claim.
    ///   - backoff: The delays between attempts.
    ///   - publish: Publishes the rows; returns the error text of each row that failed, by id.
    /// - Returns: How many rows were claimed.
    func withClaimedBatch(
        limit: Int,
        backoff: [Duration],
        _ publish: @escaping @Sendable ([OutboxRecord]) async -> [Int64: String]
    ) async throws -> Int

    /// Calls `wake` whenever rows may have been added (PostgreSQL: `LISTEN`), until cancelled; returns at once when
    /// the store has no such signal.
    func listen(_ wake: @escaping @Sendable () -> Void) async throws

    /// Deletes at most `limit` rows published more than `age` ago; returns how many.
    func deletePublished(olderThan age: Duration, limit: Int) async throws -> Int

    /// How many rows wait to be published, and since when the oldest waits.
    func backlog() async throws -> OutboxBacklog
}

/// The unpublished part of an outbox table.
public struct OutboxBacklog: Sendable, Hashable {
    /// Rows not yet published.
    public var depth: Int
    /// How long the oldest of them has waited; zero when there is none.
    public var oldestAge: Duration

    /// Creates a backlog.
    public init(depth: Int, oldestAge: Duration) {
        self.depth = depth
        self.oldestAge = oldestAge
    }
}
