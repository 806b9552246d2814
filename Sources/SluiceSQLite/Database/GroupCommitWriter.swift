import SQLiteNIO
import Synchronization

/// The writing connection of an ``SQLiteDatabaseFile``: concurrent writes take turns on it and commit together.
///
/// Writes run one at a time, first come first served, each on its own task (cancelling a write's task stops that
/// write only). A write that finishes while others wait does not commit: it hands its open transaction to the next
/// write and waits, and the last write of the run commits for all of them, so a run of writes costs one commit and
/// one sync of the disk instead of one each. Every write after the first runs inside a savepoint of its own: one
/// that throws is rolled back alone and the others still commit. No write returns before its changes are committed;
/// when the commit fails, every write of the run fails with it.
final class GroupCommitWriter: Sendable {
    /// What a write finds when its turn comes.
    private enum Turn {
        /// No transaction is open: the write begins one.
        case begin
        /// The writes before it left their transaction open for it to join.
        case join
    }

    private struct Waiter {
        let continuation: CheckedContinuation<Turn, Never>
        /// `false` for a turn that must find no transaction open (closing).
        let mayJoin: Bool
    }

    private struct State {
        var busy = false
        var waiters: [Waiter] = []
        /// The writes of the open transaction that finished and wait for its commit.
        var finished: [CheckedContinuation<Void, any Error>] = []
        var committed = 0
    }

    /// The most writes one transaction takes before it commits, so the first of a long run is not held for long.
    static let maxWritesPerCommit = 32
    private static let savepoint = "sluice_write"
    /// Writes take the database's write lock when they begin, not at their first change, so they never wait for it
    /// halfway.
    private static let begin = "BEGIN IMMEDIATE"

    private let pooled: PooledConnection
    private let executor = WriterExecutor()
    private let state = Mutex(State())

    /// Creates the writer of `pooled`.
    init(_ pooled: PooledConnection) {
        self.pooled = pooled
    }

    /// How many transactions the writer committed.
    var commitCount: Int { state.withLock { $0.committed } }

    /// Writes waiting for their turn now.
    var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// Runs `body` in a write transaction, alone or with the writes beside it, and returns once that transaction
    /// committed. `checkOpen` is asked before a transaction begins; what it throws ends the write. The write's Swift
    /// code runs on a thread of the writer's own (``WriterExecutor``), its statements on SQLiteNIO's threads.
    func write<T: Sendable>(
        checkOpen: () throws -> Void,
        _ body: (SQLiteConnection) async throws -> T
    ) async throws -> T {
        try await withTaskExecutorPreference(executor) {
            try await writeInTurn(checkOpen: checkOpen, body)
        }
    }

    private func writeInTurn<T: Sendable>(
        checkOpen: () throws -> Void,
        _ body: (SQLiteConnection) async throws -> T
    ) async throws -> T {
        let joined: Bool
        switch await takeTurn(mayJoin: true) {
        case .begin:
            do {
                try checkOpen()
                try await pooled.begin(Self.begin)
            } catch {
                passTurn()
                throw error
            }
            joined = false
        case .join:
            joined = true
        }
        let outcome: Result<T, any Error>
        if joined {
            do {
                outcome = try await inSavepoint(body)
            } catch {
                // The transaction itself broke (SQLite rolled it back): it takes the writes before this one along.
                try? await pooled.end("ROLLBACK")
                settle(.failure(error))
                throw error
            }
        } else {
            do {
                outcome = .success(try await body(pooled.connection))
            } catch {
                // Nothing else is in the transaction yet.
                try? await pooled.end("ROLLBACK")
                passTurn()
                throw error
            }
        }
        try await finish()
        return try outcome.get()
    }

    /// Runs `body` in a savepoint: released when it returns; rolled back when it throws (its error is the outcome).
    /// Throws only when the savepoint cannot be made or ended, which leaves the transaction unusable.
    private func inSavepoint<T>(_ body: (SQLiteConnection) async throws -> T) async throws -> Result<T, any Error> {
        let connection = pooled.connection
        try await connection.runToCompletion("SAVEPOINT \(Self.savepoint)")
        do {
            let value = try await body(connection)
            try await connection.runToCompletion("RELEASE \(Self.savepoint)")
            return .success(value)
        } catch {
            try await connection.runToCompletion("ROLLBACK TO \(Self.savepoint)")
            try await connection.runToCompletion("RELEASE \(Self.savepoint)")
            return .failure(error)
        }
    }

    /// Hands the open transaction to the next waiting write and waits for its commit, or commits it when none waits.
    private func finish() async throws {
        let next = state.withLock { state -> CheckedContinuation<Turn, Never>? in
            guard let first = state.waiters.first, first.mayJoin, state.finished.count + 1 < Self.maxWritesPerCommit else {
                return nil
            }
            state.waiters.removeFirst()
            return first.continuation
        }
        guard let next else {
            let committed: Result<Void, any Error>
            do {
                try await pooled.end("COMMIT")
                committed = .success(())
            } catch {
                try? await pooled.end("ROLLBACK")
                committed = .failure(error)
            }
            settle(committed)
            return try committed.get()
        }
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            // Registered before the next write runs: it may commit at once.
            state.withLock { $0.finished.append(done) }
            next.resume(returning: .join)
        }
    }

    /// Tells the finished writes how their transaction ended and passes the turn on with no transaction open.
    private func settle(_ outcome: Result<Void, any Error>) {
        let finished = state.withLock { state in
            if case .success = outcome { state.committed += 1 }
            defer { state.finished = [] }
            return state.finished
        }
        for write in finished { write.resume(with: outcome) }
        passTurn()
    }

    /// Runs `body` once no transaction is open and no write runs, with the connection to itself: for closing.
    func exclusively<T>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        _ = await takeTurn(mayJoin: false)
        defer { passTurn() }
        return try await body(pooled.connection)
    }

    private func takeTurn(mayJoin: Bool) async -> Turn {
        await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let free = state.withLock { state in
                if state.busy {
                    state.waiters.append(Waiter(continuation: continuation, mayJoin: mayJoin))
                    return false
                }
                state.busy = true
                return true
            }
            if free { continuation.resume(returning: .begin) }
        }
    }

    /// Gives the connection, with no transaction open, to the first waiting write, or leaves it free.
    private func passTurn() {
        let next = state.withLock { state -> CheckedContinuation<Turn, Never>? in
            if state.waiters.isEmpty {
                state.busy = false
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume(returning: .begin)
    }
}
