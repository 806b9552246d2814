import NATS
import NIOCore
import Testing

@testable import JetStream

@Suite struct KeyValueTests {
    @Test func bucketsAreStreamsAndKeysAreSubjects() {
        #expect(KeyValueNames.streamName(bucket: "checkpoints") == "KV_checkpoints")
        #expect(KeyValueNames.bucket(streamName: "KV_checkpoints") == "checkpoints")
        #expect(KeyValueNames.bucket(streamName: "ORDERS") == nil)
        #expect(KeyValueNames.streamSubject(bucket: "checkpoints") == "$KV.checkpoints.>")
        #expect(KeyValueNames.subject(bucket: "checkpoints", key: "pipeline.es-sync") == "$KV.checkpoints.pipeline.es-sync")
        #expect(KeyValueNames.key(subject: "$KV.checkpoints.a.b", bucket: "checkpoints") == "a.b")
        #expect(KeyValueNames.key(subject: "$KV.other.a", bucket: "checkpoints") == nil)
    }

    @Test func bucketNames() {
        for name in ["a", "checkpoints", "edge_42", "My-Bucket", "0"] { #expect(KeyValueNames.isValidBucket(name), "\(name)") }
        for name in ["", "a.b", "a b", "a*", "a>", "ü", "a/b"] { #expect(!KeyValueNames.isValidBucket(name), "\(name)") }
    }

    @Test func keys() {
        for key in ["a", "a.b", "pipeline/es=1", "x-y_z", "A.B.C", "=", "0.1"] { #expect(KeyValueNames.isValidKey(key), "\(key)") }
        for key in ["", ".a", "a.", "a..b", "a b", "a*", "a.>", "ü", "a:b"] { #expect(!KeyValueNames.isValidKey(key), "\(key)") }
    }

    @Test func keyPatterns() {
        for pattern in [">", "a.>", "a.*", "*.b", "a.*.c", "a"] { #expect(KeyValueNames.isValidKeyPattern(pattern), "\(pattern)") }
        for pattern in ["", "a.>.b", "a..b", "a*", ".a"] { #expect(!KeyValueNames.isValidKeyPattern(pattern), "\(pattern)") }
    }

    @Test func operationsFromHeaders() {
        #expect(KeyValueOperation(headers: nil) == .put)
        #expect(KeyValueOperation(headers: ["Nats-Msg-Id": "1"]) == .put)
        #expect(KeyValueOperation(headers: ["KV-Operation": "DEL"]) == .delete)
        #expect(KeyValueOperation(headers: ["KV-Operation": "PURGE", "Nats-Rollup": "sub"]) == .purge)
        #expect(KeyValueOperation(headers: ["Nats-Marker-Reason": "MaxAge"]) == .purge)
        #expect(KeyValueOperation(headers: ["Nats-Marker-Reason": "Purge"]) == .purge)
        #expect(KeyValueOperation(headers: ["Nats-Marker-Reason": "Remove"]) == .delete)
    }

    @Test func entryFromStoredMessage() throws {
        let stored = StoredMessage(subject: "$KV.cp.pipeline.a", sequence: 12, headers: ["KV-Operation": "DEL"], payload: ByteBuffer())
        let entry = try #require(KeyValueEntry(bucket: "cp", stored: stored))
        #expect(entry.key == "pipeline.a")
        #expect(entry.revision == 12)
        #expect(entry.operation == .delete)
        #expect(KeyValueEntry(bucket: "other", stored: stored) == nil)
    }

    @Test func bucketStreamConfig() throws {
        var config = KeyValueConfig(bucket: "checkpoints", history: 5, ttl: .seconds(60), replicas: 3)
        config.maxValueSize = 1024
        let stream = try config.streamConfig()
        #expect(stream.name == "KV_checkpoints")
        #expect(stream.subjects == ["$KV.checkpoints.>"])
        #expect(stream.maxMessagesPerSubject == 5)
        #expect(stream.maxAge == .seconds(60))
        #expect(stream.duplicateWindow == .seconds(60), "a TTL under 2 minutes caps the duplicate window")
        #expect(stream.maxMessageSize == 1024)
        #expect(stream.replicas == 3)
        #expect(stream.allowRollup)
        #expect(stream.denyDelete)
        #expect(stream.allowDirect)
        #expect(stream.discard == .new)
        #expect(stream.allowMessageTTL == false)

        let plain = try KeyValueConfig(bucket: "b").streamConfig()
        #expect(plain.duplicateWindow == .seconds(120))
        #expect(plain.maxAge == .zero)

        var markers = KeyValueConfig(bucket: "b")
        markers.limitMarkerTTL = .seconds(10)
        let withMarkers = try markers.streamConfig()
        #expect(withMarkers.allowMessageTTL)
        #expect(withMarkers.subjectDeleteMarkerTTL == .seconds(10))
    }

    @Test func invalidBucketConfigs() {
        #expect(throws: JetStreamError.self) { try KeyValueConfig(bucket: "a.b").streamConfig() }
        #expect(throws: JetStreamError.self) { try KeyValueConfig(bucket: "b", history: 0).streamConfig() }
        #expect(throws: JetStreamError.self) { try KeyValueConfig(bucket: "b", history: 65).streamConfig() }
    }
}
