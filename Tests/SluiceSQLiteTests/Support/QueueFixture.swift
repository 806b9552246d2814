import Foundation
import NATSTestSupport
import SluiceSQLite

/// Opens a queue on a file in a new directory with a manual clock, and closes it after `body`.
func withQueue<T>(
    duplicateWindow: Duration = .seconds(120),
    _ body: (SQLiteQueue, ManualWallClock, String) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory { directory in
        let clock = ManualWallClock()
        let path = directory + "/queue.sqlite"
        let queue = try await openQueue(path: path, clock: clock, duplicateWindow: duplicateWindow)
        do {
            let value = try await body(queue, clock, path)
            try await queue.close()
            return value
        } catch {
            try? await queue.close()
            throw error
        }
    }
}

/// Opens the queue in `path` with `clock`.
func openQueue(path: String, clock: ManualWallClock, duplicateWindow: Duration = .seconds(120)) async throws -> SQLiteQueue {
    var configuration = SQLiteQueue.Configuration()
    configuration.duplicateWindow = duplicateWindow
    return try await SQLiteQueue.open(path: path, configuration: configuration, now: { clock.now })
}

extension SQLiteQueue {
    /// Publishes a text payload.
    @discardableResult
    func publish(_ subject: String, _ text: String, messageID: String? = nil) async throws -> QueuePublishAck {
        try await publish(subject: subject, payload: ByteBuffer(string: text), messageID: messageID)
    }

    /// Adds a consumer with a filter and an optional max deliver.
    func addConsumer(_ name: String, filter: String = ">", maxDeliver: Int? = 5) async throws {
        var consumer = QueueConsumerConfiguration(name: name, filterSubject: filter)
        consumer.maxDeliver = maxDeliver
        try await addConsumer(consumer)
    }
}

extension QueueMessage {
    /// The payload as text.
    var text: String { String(buffer: payload) }
}
