import NATS
import NIOCore

/// A key-value bucket: the latest value of each key, a history of revisions, and watches.
///
/// ```swift
/// let checkpoints = try await js.createKeyValue(KeyValueConfig(bucket: "checkpoints", history: 5))
/// let revision = try await checkpoints.put("pipeline.es-sync", "cursor-42")
/// let entry = try await checkpoints.get("pipeline.es-sync")
/// try await checkpoints.update("pipeline.es-sync", "cursor-43", revision: revision)
/// ```
public struct KeyValue: Sendable {
    /// The bucket's name.
    public let bucket: String
    /// The context it was opened with.
    public let context: JetStreamContext
    /// The stream holding it (`KV_<bucket>`).
    public let streamName: String
    let subjectPrefix: String
    let useDirectGet: Bool

    init(bucket: String, context: JetStreamContext, useDirectGet: Bool) {
        self.bucket = bucket
        self.context = context
        self.streamName = KeyValueNames.streamName(bucket: bucket)
        self.subjectPrefix = KeyValueNames.subjectPrefix(bucket: bucket)
        self.useDirectGet = useDirectGet
    }

    /// The latest value of `key`; `nil` when it was never set, or was deleted or purged.
    public func get(_ key: String) async throws -> KeyValueEntry? {
        guard let entry = try await latestEntry(key), entry.operation == .put else { return nil }
        return entry
    }

    /// The entry of `key` at `revision`; `nil` when that revision is not of this key or is gone.
    public func get(_ key: String, revision: UInt64) async throws -> KeyValueEntry? {
        try validateKey(key)
        let stored: StoredMessage?
        if useDirectGet {
            stored = try await context.directGet(stream: streamName, sequence: revision)
        } else {
            stored = try await orNilWhenMissing { try await context.getMessage(stream: streamName, sequence: revision) }
        }
        guard let stored, stored.subject == subjectPrefix + key else { return nil }
        guard let entry = KeyValueEntry(bucket: bucket, stored: stored), entry.operation == .put else { return nil }
        return entry
    }

    /// The latest entry of `key`, deletes and purges included.
    func latestEntry(_ key: String) async throws -> KeyValueEntry? {
        try validateKey(key)
        let subject = subjectPrefix + key
        let stored: StoredMessage?
        if useDirectGet {
            stored = try await context.directGetLast(stream: streamName, subject: subject)
        } else {
            stored = try await orNilWhenMissing { try await context.getLastMessage(stream: streamName, subject: subject) }
        }
        return stored.flatMap { KeyValueEntry(bucket: bucket, stored: $0) }
    }

    /// Sets `key` to `value`.
    /// - Returns: The new revision.
    @discardableResult
    public func put(_ key: String, _ value: ByteBuffer) async throws -> UInt64 {
        try validateKey(key)
        return try await context.publish(subjectPrefix + key, payload: value).sequence
    }

    /// Sets `key` to a UTF-8 string.
    @discardableResult
    public func put(_ key: String, _ value: String) async throws -> UInt64 {
        try await put(key, ByteBuffer(string: value))
    }

    /// Sets `key` only if it has no value (never set, deleted or purged).
    /// - Returns: The new revision.
    /// - Throws: ``JetStreamError/Code/keyExists`` when it has one.
    @discardableResult
    public func create(_ key: String, _ value: ByteBuffer) async throws -> UInt64 {
        do {
            return try await update(key, value, revision: 0)
        } catch let error as JetStreamError where error.code == .wrongRevision {
            if let latest = try await latestEntry(key), latest.operation != .put {
                return try await update(key, value, revision: latest.revision)
            }
            throw JetStreamError(.keyExists, "key \(key) already has a value", apiError: error.apiError)
        }
    }

    /// Sets `key` to a UTF-8 string only if it has no value.
    @discardableResult
    public func create(_ key: String, _ value: String) async throws -> UInt64 {
        try await create(key, ByteBuffer(string: value))
    }

    /// Sets `key` only if its latest revision is `revision` (compare-and-set).
    /// - Returns: The new revision.
    /// - Throws: ``JetStreamError/Code/wrongRevision`` when the key has moved on.
    @discardableResult
    public func update(_ key: String, _ value: ByteBuffer, revision: UInt64) async throws -> UInt64 {
        try validateKey(key)
        do {
            return try await context.publish(
                subjectPrefix + key,
                payload: value,
                options: PublishOptions(expectedLastSubjectSequence: revision)
            ).sequence
        } catch let error as JetStreamError where error.errorCode == .wrongLastSequence || error.errorCode == .wrongLastSequenceConstant {
            throw JetStreamError(.wrongRevision, "key \(key) is not at revision \(revision)", apiError: error.apiError)
        }
    }

    /// Sets `key` to a UTF-8 string only if its latest revision is `revision`.
    @discardableResult
    public func update(_ key: String, _ value: String, revision: UInt64) async throws -> UInt64 {
        try await update(key, ByteBuffer(string: value), revision: revision)
    }

    /// Deletes `key`, keeping its history; with `revision`, only if that is its latest revision.
    public func delete(_ key: String, revision: UInt64? = nil) async throws {
        try await mark(key, operation: .delete, revision: revision)
    }

    /// Deletes `key` and its history; with `revision`, only if that is its latest revision.
    public func purge(_ key: String, revision: UInt64? = nil) async throws {
        try await mark(key, operation: .purge, revision: revision)
    }

    private func mark(_ key: String, operation: KeyValueOperation, revision: UInt64?) async throws {
        try validateKey(key)
        var headers = NATSHeaders()
        headers[JetStreamHeader.keyValueOperation] = operation.rawValue
        if operation == .purge { headers[JetStreamHeader.rollup] = "sub" }
        var options = PublishOptions()
        options.expectedLastSubjectSequence = revision
        do {
            _ = try await context.publish(subjectPrefix + key, headers: headers, options: options)
        } catch let error as JetStreamError where error.errorCode == .wrongLastSequence || error.errorCode == .wrongLastSequenceConstant {
            throw JetStreamError(.wrongRevision, "key \(key) is not at revision \(revision ?? 0)", apiError: error.apiError)
        }
    }

    /// The keys that have a value, optionally only those matching `pattern` (`*` and `>` wildcards).
    public func keys(matching pattern: String = ">") async throws -> [String] {
        try validatePattern(pattern)
        let entries = try await collect(filter: subjectPrefix + pattern, deliverPolicy: .lastPerSubject, headersOnly: true)
        return entries.filter { $0.operation == .put }.map(\.key)
    }

    /// Every kept revision of `key`, oldest first, deletes and purges included.
    public func history(_ key: String) async throws -> [KeyValueEntry] {
        try validateKey(key)
        return try await collect(filter: subjectPrefix + key, deliverPolicy: .all, headersOnly: false)
    }

    /// The bucket's configuration and size.
    public func status() async throws -> KeyValueStatus {
        KeyValueStatus(bucket: bucket, streamInfo: try await context.streamInfo(streamName))
    }

    /// Reads the entries an ephemeral consumer delivers until it has delivered all it had.
    private func collect(filter: String, deliverPolicy: DeliverPolicy, headersOnly: Bool) async throws -> [KeyValueEntry] {
        var config = ConsumerConfig()
        config.filterSubject = filter
        config.deliverPolicy = deliverPolicy
        config.ackPolicy = .none
        config.headersOnly = headersOnly
        config.memoryStorage = true
        config.replicas = 1
        config.inactiveThreshold = .seconds(30)
        let info = try await context.createConsumer(stream: streamName, config: config)
        let consumer = PullConsumer(context: context, stream: streamName, name: info.name)
        defer { Task { [context, streamName] in try? await context.deleteConsumer(stream: streamName, name: info.name) } }
        var entries: [KeyValueEntry] = []
        var remaining = info.numPending
        while remaining > 0 {
            let batch = try await consumer.fetch(batch: Int(min(remaining, 1000)), expires: .seconds(5))
            var received = 0
            for try await message in batch {
                received += 1
                guard let entry = KeyValueEntry(bucket: bucket, message: message) else { continue }
                entries.append(entry)
                remaining = entry.delta
                if remaining == 0 { break }
            }
            if received == 0 { break }
        }
        return entries
    }

    private func validateKey(_ key: String) throws(JetStreamError) {
        guard KeyValueNames.isValidKey(key) else {
            throw JetStreamError(.invalidArgument, "invalid key \"\(key)\": use letters, digits and -/_=., not starting or ending with .")
        }
    }

    func validatePattern(_ pattern: String) throws(JetStreamError) {
        guard KeyValueNames.isValidKeyPattern(pattern) else {
            throw JetStreamError(.invalidArgument, "invalid key pattern \"\(pattern)\"")
        }
    }

    private func orNilWhenMissing(_ body: () async throws -> StoredMessage) async throws -> StoredMessage? {
        do {
            return try await body()
        } catch let error as JetStreamError where error.errorCode == .noMessageFound {
            return nil
        }
    }
}

extension KeyValueEntry {
    /// Reads an entry from a message a consumer on the bucket's stream delivered.
    init?(bucket: String, message: JetStreamMessage) {
        guard let key = KeyValueNames.key(subject: message.subject, bucket: bucket),
            let metadata = try? message.metadata()
        else { return nil }
        self.init(
            bucket: bucket,
            key: key,
            value: message.payload,
            revision: metadata.streamSequence,
            created: metadata.timestamp,
            delta: metadata.numPending,
            operation: KeyValueOperation(headers: message.headers)
        )
    }
}
