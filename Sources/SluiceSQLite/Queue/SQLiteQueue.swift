import FoundationEssentials
import Logging
import SQLiteNIO
import SluiceCore
import Synchronization

/// A durable message queue in one SQLite file, with the semantics of a JetStream stream and its durable
/// pull consumers, for running without a `nats-server` (`sluice dev`, `transport: sqlite`).
///
/// ## Publishing
/// ``publish(subject:payload:headers:messageID:)`` stores a message under the next sequence; a message id
/// seen on the same subject within ``Configuration/duplicateWindow`` is not stored twice (JetStream's
/// `Nats-Msg-Id`). Each subject deduplicates on its own, so queues on different subjects of one file may reuse ids.
///
/// ## Consuming
/// A consumer (``addConsumer(_:)``) has a durable name and a subject filter with `*` and `>`; each consumer
/// gets every matching message. ``fetch(consumer:batch:visibilityTimeout:expires:)`` leases messages: each
/// delivery increments the message's delivery count and hides it from other fetches until the lease runs
/// out. Settle every message once:
/// - ``ack(_:)-(QueueReceipt)``: done; it is not delivered again.
/// - ``nak(_:delay:reason:)``: deliver it again, at once or after a delay.
/// - ``term(_:reason:)``: give up; it moves to the dead letters with the reason.
/// - ``inProgress(_:)`` (any number of times before that): restart the lease.
///
/// A message whose lease runs out is delivered again; one that was delivered
/// ``QueueConsumerConfiguration/maxDeliver`` times and still not acknowledged moves to the dead letters
/// with the reason, its subject and delivery count (``deadLetters(_:limit:afterID:)``,
/// ``replayDeadLetters(_:)``, ``purgeDeadLetters(_:)``).
///
/// ## Retention
/// A message is deleted once every consumer has settled it (acknowledged, terminated or dead-lettered);
/// while there is no consumer at all, messages are kept.
///
/// ```swift
/// let queue = try await SQLiteQueue.open(path: ".sluice/queue.sqlite")
/// try await queue.addConsumer(QueueConsumerConfiguration(name: "indexer", filterSubject: "dev.data.>"))
/// try await queue.publish(subject: "dev.data.assets", payload: ByteBuffer(string: "{}"), messageID: "01H…")
/// for message in try await queue.fetch(consumer: "indexer", batch: 100, expires: .seconds(1)) {
///     try await queue.ack(message.receipt)
/// }
/// try await queue.close()
/// ```
public final class SQLiteQueue: Sendable {
    /// How the queue behaves.
    public struct Configuration: Sendable {
        /// How long a message id is remembered for deduplication. Default 2 minutes, JetStream's default.
        public var duplicateWindow: Duration
        /// Where SQLiteNIO logs.
        public var logger: Logger
        /// How hard each commit (a publish, an ack) is synced to the disk. Default ``SynchronousMode/full``: a
        /// publish that returned survives a power loss.
        public var synchronous: SynchronousMode

        /// Creates the default configuration.
        public init() {
            duplicateWindow = .seconds(120)
            synchronous = .full
            logger = Logger(label: "sluice.sqlite.queue")
        }
    }

    let file: SQLiteDatabaseFile
    let configuration: Configuration
    let now: @Sendable () -> Date
    let wakeup = WakeSignal()
    /// When expired message ids were last deleted, so publishes do it at most once a second.
    let lastDedupePurge = Mutex<Int64>(0)

    private init(file: SQLiteDatabaseFile, configuration: Configuration, now: @escaping @Sendable () -> Date) {
        self.file = file
        self.configuration = configuration
        self.now = now
    }

    /// Opens the queue in the file at `path`, creating the file and its tables when missing.
    ///
    /// - Parameters:
    ///   - path: The SQLite file; its directory must exist.
    ///   - configuration: Deduplication window, logger and how commits are synced.
    ///   - now: The clock for leases, delays and the duplicate window; tests pass their own.
    public static func open(
        path: String,
        configuration: Configuration = Configuration(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> SQLiteQueue {
        let file = try await SQLiteDatabaseFile.open(path: path, logger: configuration.logger, synchronous: configuration.synchronous) {
            [SubjectFilter.sqlFunction(named: QueueSchema.matchFunctionName)]
        }
        do {
            try await file.write { connection in
                for statement in QueueSchema.statements { _ = try await connection.query(statement) }
                try await QueueSchema.migrate(on: connection)
            }
        } catch {
            try? await file.close()
            throw error
        }
        return SQLiteQueue(file: file, configuration: configuration, now: now)
    }

    /// Waits for running operations and closes the file; call it before the last reference goes away (SQLiteNIO
    /// asserts that connections are closed). Later calls throw ``SluiceSQLiteError/Code/closed``.
    public func close() async throws {
        try await file.close()
    }

    /// The current time in milliseconds since 1970.
    var nowMilliseconds: Int64 { now().millisecondsSince1970 }
}
