extension JetStreamContext {
    /// Creates a key-value bucket; succeeds if it exists with the same configuration.
    @discardableResult
    public func createKeyValue(_ config: KeyValueConfig) async throws -> KeyValue {
        let info = try await createStream(try config.streamConfig())
        return KeyValue(bucket: config.bucket, context: self, useDirectGet: info.config.allowDirect)
    }

    /// Changes a key-value bucket's configuration.
    @discardableResult
    public func updateKeyValue(_ config: KeyValueConfig) async throws -> KeyValue {
        let info = try await updateStream(try config.streamConfig())
        return KeyValue(bucket: config.bucket, context: self, useDirectGet: info.config.allowDirect)
    }

    /// Opens an existing key-value bucket.
    /// - Throws: ``JetStreamError/Code/bucketNotFound`` when there is none.
    public func keyValue(_ bucket: String) async throws -> KeyValue {
        guard KeyValueNames.isValidBucket(bucket) else {
            throw JetStreamError(.invalidArgument, "invalid bucket name \"\(bucket)\": use letters, digits, _ and -")
        }
        do {
            let info = try await streamInfo(KeyValueNames.streamName(bucket: bucket))
            return KeyValue(bucket: bucket, context: self, useDirectGet: info.config.allowDirect)
        } catch let error as JetStreamError where error.errorCode == .streamNotFound {
            throw JetStreamError(.bucketNotFound, "key-value bucket \(bucket) does not exist", apiError: error.apiError)
        }
    }

    /// Deletes a key-value bucket and all its values.
    public func deleteKeyValue(_ bucket: String) async throws {
        guard KeyValueNames.isValidBucket(bucket) else {
            throw JetStreamError(.invalidArgument, "invalid bucket name \"\(bucket)\": use letters, digits, _ and -")
        }
        do {
            try await deleteStream(KeyValueNames.streamName(bucket: bucket))
        } catch let error as JetStreamError where error.errorCode == .streamNotFound {
            throw JetStreamError(.bucketNotFound, "key-value bucket \(bucket) does not exist", apiError: error.apiError)
        }
    }

    /// The names of all key-value buckets.
    public func keyValueBucketNames() async throws -> [String] {
        try await streamNames(subject: "$KV.*.>").compactMap { KeyValueNames.bucket(streamName: $0) }
    }
}
