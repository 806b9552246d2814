import JetStream
import NIOCore
import SluiceRuntime

/// A checkpoint in a JetStream key-value bucket (created when missing), under one key.
struct KeyValueCheckpointStore: CheckpointStore {
    let context: JetStreamContext
    let bucket: String
    let key: String

    func load() async throws -> [UInt8]? {
        guard let entry = try await open().get(key) else { return nil }
        return Array(entry.value.readableBytesView)
    }

    func save(_ document: [UInt8]) async throws {
        _ = try await open().put(key, ByteBuffer(bytes: document))
    }

    private func open() async throws -> KeyValue {
        do {
            return try await context.keyValue(bucket)
        } catch let error as JetStreamError where error.code == .bucketNotFound {
            return try await context.createKeyValue(KeyValueConfig(bucket: bucket))
        }
    }
}

extension JetStreamTransport {
    /// A checkpoint in the key-value bucket `bucket`, under `key`.
    public func checkpointStore(bucket: String, key: String) -> (any CheckpointStore)? {
        KeyValueCheckpointStore(context: context, bucket: bucket, key: key)
    }
}
