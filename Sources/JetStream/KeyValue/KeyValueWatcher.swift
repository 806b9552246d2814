/// What a key-value watch delivers.
public struct KeyValueWatchOptions: Sendable, Hashable {
    /// Deliver every kept revision first, not only the latest of each key. Defaults to `false`.
    public var includeHistory: Bool = false
    /// Deliver only changes made after the watch starts. Defaults to `false`.
    public var updatesOnly: Bool = false
    /// Leave out deletes and purges. Defaults to `false`.
    public var ignoreDeletes: Bool = false
    /// Deliver entries without their values. Defaults to `false`.
    public var metadataOnly: Bool = false

    /// Creates options.
    public init(includeHistory: Bool = false, updatesOnly: Bool = false, ignoreDeletes: Bool = false, metadataOnly: Bool = false) {
        self.includeHistory = includeHistory
        self.updatesOnly = updatesOnly
        self.ignoreDeletes = ignoreDeletes
        self.metadataOnly = metadataOnly
    }
}

/// The changes to the keys of a bucket, as they happen: first the current entries (unless
/// ``KeyValueWatchOptions/updatesOnly``), the last of which has ``KeyValueEntry/delta`` 0, then every
/// change. Iterate it from one task; ``stop()`` ends it.
public final class KeyValueWatcher: AsyncSequence, Sendable {
    public typealias Element = KeyValueEntry

    private let messages: PullMessages
    private let bucket: String
    private let ignoreDeletes: Bool
    private let cleanup: @Sendable () async -> Void

    init(messages: PullMessages, bucket: String, ignoreDeletes: Bool, cleanup: @escaping @Sendable () async -> Void) {
        self.messages = messages
        self.bucket = bucket
        self.ignoreDeletes = ignoreDeletes
        self.cleanup = cleanup
    }

    /// Ends the watch and removes its consumer.
    public func stop() async {
        messages.stop()
        await cleanup()
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(owner: self, messages: messages.makeAsyncIterator(), bucket: bucket, ignoreDeletes: ignoreDeletes)
    }

    /// Hands out entries.
    public struct Iterator: AsyncIteratorProtocol {
        /// Keeps the watcher alive while iterating: releasing it stops the watch.
        let owner: KeyValueWatcher
        var messages: PullMessages.Iterator
        let bucket: String
        let ignoreDeletes: Bool

        public mutating func next() async throws -> KeyValueEntry? {
            while let message = try await messages.next() {
                guard let entry = KeyValueEntry(bucket: bucket, message: message) else { continue }
                if ignoreDeletes && entry.operation != .put { continue }
                return entry
            }
            return nil
        }
    }

    deinit {
        messages.stop()
        let cleanup = self.cleanup
        Task { await cleanup() }
    }
}

extension KeyValue {
    /// Watches the keys matching `pattern` (`*` and `>` wildcards; `>` for all).
    public func watch(_ pattern: String = ">", options: KeyValueWatchOptions = KeyValueWatchOptions()) async throws -> KeyValueWatcher {
        try validatePattern(pattern)
        var config = ConsumerConfig()
        config.filterSubject = subjectPrefix + pattern
        config.deliverPolicy = options.updatesOnly ? .new : options.includeHistory ? .all : .lastPerSubject
        config.ackPolicy = .none
        config.headersOnly = options.metadataOnly
        config.memoryStorage = true
        config.replicas = 1
        config.inactiveThreshold = .seconds(60)
        let info = try await context.createConsumer(stream: streamName, config: config)
        let consumer = PullConsumer(context: context, stream: streamName, name: info.name)
        let messages = try await consumer.messages(options: PullConsumeOptions(maxMessages: 256, expires: .seconds(30)))
        let context = self.context
        let streamName = self.streamName
        return KeyValueWatcher(messages: messages, bucket: bucket, ignoreDeletes: options.ignoreDeletes) {
            try? await context.deleteConsumer(stream: streamName, name: info.name)
        }
    }
}
