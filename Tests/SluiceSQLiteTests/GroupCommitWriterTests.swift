import SQLiteNIO
import Synchronization
import Testing

@testable import SluiceSQLite

@Suite(.timeLimit(.minutes(1))) struct GroupCommitWriterTests {
    struct Refused: Error {}

    @Test func writesThatWaitForOneAnotherCommitTogetherAndReturnOnlyOnceCommitted() async throws {
        try await withWriter { writer, committedRows in
            let held = try await heldFirstWrite(writer, inserting: 1, until: 3)
            let firstReturned = Flag()
            let first = Task {
                try await held.value
                firstReturned.set(true)
            }
            let seenByTheLast = Flag()
            var others: [Task<Void, any Error>] = []
            for value in 2...4 {
                // Each write queues behind the one before; the held write lets them in once all three wait.
                try await waitUntil(writer, hasWaiters: value - 2)
                others.append(
                    Task {
                        try await writer.write(checkOpen: {}) { connection in
                            try await insert(value, on: connection)
                            guard value == 4 else { return }
                            // Time for a first write that returned too early to say so.
                            try await Task.sleep(for: .milliseconds(20))
                            seenByTheLast.set(firstReturned.value == true)
                        }
                    }
                )
            }
            try await first.value
            for task in others { try await task.value }
            #expect(seenByTheLast.value == false, "the first write returned before the last one ran")
            #expect(writer.commitCount == 1)
            #expect(try await committedRows() == [1, 2, 3, 4])
        }
    }

    @Test func aWriteThatThrowsInsideAGroupIsRolledBackAlone() async throws {
        try await withWriter { writer, committedRows in
            let held = try await heldFirstWrite(writer, inserting: 1, until: 2)
            let refused = Task {
                try await writer.write(checkOpen: {}) { connection in
                    try await insert(2, on: connection)
                    throw Refused()
                }
            }
            try await waitUntil(writer, hasWaiters: 1)
            let last = Task { try await writer.write(checkOpen: {}) { try await insert(3, on: $0) } }
            try await held.value
            await #expect(throws: Refused.self) { try await refused.value }
            try await last.value
            #expect(writer.commitCount == 1)
            #expect(try await committedRows() == [1, 3])
        }
    }

    @Test func aWriteCancelledInsideAGroupIsRolledBackAlone() async throws {
        try await withWriter { writer, committedRows in
            let held = try await heldFirstWrite(writer, inserting: 1, until: 2)
            let (started, signal) = AsyncStream.makeStream(of: Void.self)
            let cancelled = Task {
                try await writer.write(checkOpen: {}) { connection in
                    try await insert(2, on: connection)
                    signal.yield()
                    try await Task.sleep(for: .seconds(600))
                }
            }
            try await waitUntil(writer, hasWaiters: 1)
            let last = Task { try await writer.write(checkOpen: {}) { try await insert(3, on: $0) } }
            for await _ in started { break }
            cancelled.cancel()
            try await held.value
            await #expect(throws: (any Error).self) { try await cancelled.value }
            try await last.value
            #expect(try await committedRows() == [1, 3])
        }
    }

    @Test func whenTheCommitFailsEveryWriteOfTheGroupFailsAndTheNextWriteCommits() async throws {
        try await withWriter { writer, committedRows in
            let held = try await heldFirstWrite(writer, inserting: 1, until: 1)
            // A deferred foreign key is checked at COMMIT: the statement succeeds, the transaction cannot commit.
            let orphan = Task {
                try await writer.write(checkOpen: {}) { connection in
                    _ = try await connection.query("INSERT INTO child (parent) VALUES (42)")
                }
            }
            await #expect(throws: (any Error).self) { try await held.value }
            await #expect(throws: (any Error).self) { try await orphan.value }
            #expect(try await committedRows() == [])
            try await writer.write(checkOpen: {}) { try await insert(5, on: $0) }
            #expect(try await committedRows() == [5])
        }
    }

    @Test func aLongRunOfWritesCommitsInBoundedGroups() async throws {
        try await withWriter { writer, committedRows in
            let count = GroupCommitWriter.maxWritesPerCommit + 8
            let held = try await heldFirstWrite(writer, inserting: 0, until: count - 1)
            var tasks: [Task<Void, any Error>] = []
            for value in 1..<count {
                tasks.append(Task { try await writer.write(checkOpen: {}) { try await insert(value, on: $0) } })
            }
            try await held.value
            for task in tasks { try await task.value }
            #expect(writer.commitCount == 2)
            #expect(try await committedRows() == Array(0..<count))
        }
    }

    @Test func aWriteFindingTheFileClosedBeginsNothingAndTheNextWriteRuns() async throws {
        try await withWriter { writer, committedRows in
            await #expect(throws: Refused.self) {
                try await writer.write(checkOpen: { throw Refused() }) { try await insert(1, on: $0) }
            }
            try await writer.write(checkOpen: {}) { try await insert(2, on: $0) }
            #expect(try await committedRows() == [2])
        }
    }

    /// A write that inserts `value`, then holds its transaction until `waiting` writes wait behind it.
    private func heldFirstWrite(_ writer: GroupCommitWriter, inserting value: Int, until waiting: Int) async throws -> Task<Void, any Error> {
        let started = Flag()
        let task = Task {
            try await writer.write(checkOpen: {}) { connection in
                started.set(true)
                try await insert(value, on: connection)
                while writer.waiterCount < waiting { try await Task.sleep(for: .milliseconds(1)) }
            }
        }
        while started.value != true { try await Task.sleep(for: .milliseconds(1)) }
        return task
    }

    /// Waits (cancellably, so a time limit ends a test that waits for ever) until `count` writes wait for their turn.
    private func waitUntil(_ writer: GroupCommitWriter, hasWaiters count: Int) async throws {
        while writer.waiterCount < count { try await Task.sleep(for: .milliseconds(1)) }
    }

    /// Runs `body` with a writer on a new file and a way to read the rows committed to it from another connection.
    private func withWriter(
        _ body: (GroupCommitWriter, _ committedRows: @escaping @Sendable () async throws -> [Int]) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/writes.sqlite"
            let connection = try await SQLiteConnection.open(storage: .file(path: path))
            let reader = try await SQLiteConnection.open(storage: .file(path: path))
            do {
                for statement in [
                    "PRAGMA journal_mode = WAL",
                    "PRAGMA foreign_keys = ON",
                    "CREATE TABLE t (x INTEGER)",
                    "CREATE TABLE parent (id INTEGER PRIMARY KEY)",
                    "CREATE TABLE child (parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)",
                ] {
                    _ = try await connection.query(statement)
                }
                try await body(GroupCommitWriter(PooledConnection(connection))) {
                    try await reader.query("SELECT x FROM t ORDER BY x").map { try $0.int64("x") }.map(Int.init)
                }
            } catch {
                try? await connection.close()
                try? await reader.close()
                throw error
            }
            try await connection.close()
            try await reader.close()
        }
    }
}

private func insert(_ value: Int, on connection: SQLiteConnection) async throws {
    _ = try await connection.query("INSERT INTO t (x) VALUES (?)", [.integer(value)])
}

/// A yes or no one task sets and another reads; `nil` until set.
private final class Flag: Sendable {
    private let storage = Mutex<Bool?>(nil)
    var value: Bool? { storage.withLock { $0 } }
    func set(_ value: Bool) { storage.withLock { $0 = value } }
}
