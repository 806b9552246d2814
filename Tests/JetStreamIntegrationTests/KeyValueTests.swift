import JetStream
import NATS
import NATSTestSupport
import NIOCore
import Testing

@Suite struct KeyValueTests {
    @Test func putGetCreateUpdateDeletePurge() async throws {
        try await withJetStream { js, _ in
            let kv = try await js.createKeyValue(KeyValueConfig(bucket: "checkpoints", history: 5))
            #expect(try await kv.get("pipeline.a") == nil)

            let r1 = try await kv.put("pipeline.a", "cursor-1")
            let entry = try #require(try await kv.get("pipeline.a"))
            #expect(entry.string == "cursor-1")
            #expect(entry.revision == r1)
            #expect(entry.operation == .put)
            #expect(entry.key == "pipeline.a")
            #expect(entry.bucket == "checkpoints")

            let exists = try await #require(throws: JetStreamError.self) { try await kv.create("pipeline.a", "other") }
            #expect(exists.code == .keyExists)
            let r2 = try await kv.update("pipeline.a", "cursor-2", revision: r1)
            let stale = try await #require(throws: JetStreamError.self) { try await kv.update("pipeline.a", "cursor-3", revision: r1) }
            #expect(stale.code == .wrongRevision)
            #expect(try await kv.get("pipeline.a", revision: r1)?.string == "cursor-1")
            #expect(try await kv.get("pipeline.a")?.revision == r2)

            try await kv.delete("pipeline.a")
            #expect(try await kv.get("pipeline.a") == nil)
            // create succeeds on a deleted key.
            let r4 = try await kv.create("pipeline.a", "again")
            #expect(try await kv.get("pipeline.a")?.revision == r4)

            let history = try await kv.history("pipeline.a")
            #expect(history.map(\.operation) == [.put, .put, .delete, .put])
            #expect(history.map(\.string) == ["cursor-1", "cursor-2", "", "again"])

            try await kv.purge("pipeline.a")
            #expect(try await kv.get("pipeline.a") == nil)
            #expect(try await kv.history("pipeline.a").map(\.operation) == [.purge])

            let wrongRevision = try await #require(throws: JetStreamError.self) { try await kv.delete("pipeline.a", revision: 1) }
            #expect(wrongRevision.code == .wrongRevision)

            let invalid = try await #require(throws: JetStreamError.self) { try await kv.put(".bad", "x") }
            #expect(invalid.code == .invalidArgument)
        }
    }

    @Test func keysBucketsAndStatus() async throws {
        try await withJetStream { js, _ in
            let kv = try await js.createKeyValue(KeyValueConfig(bucket: "cfg"))
            #expect(try await kv.keys().isEmpty)
            for key in ["a.one", "a.two", "b.one"] { try await kv.put(key, key) }
            try await kv.put("a.one", "again")
            try await kv.delete("b.one")
            #expect(try await kv.keys().sorted() == ["a.one", "a.two"])
            #expect(try await kv.keys(matching: "a.*").sorted() == ["a.one", "a.two"])

            #expect(try await js.keyValueBucketNames() == ["cfg"])
            let opened = try await js.keyValue("cfg")
            #expect(try await opened.get("a.one")?.string == "again")
            let status = try await opened.status()
            #expect(status.history == 1)
            #expect(status.values == 3)

            let missing = try await #require(throws: JetStreamError.self) { try await js.keyValue("nope") }
            #expect(missing.code == .bucketNotFound)
            try await js.deleteKeyValue("cfg")
            #expect(try await js.keyValueBucketNames().isEmpty)
        }
    }

    @Test func watchDeliversCurrentValuesThenChanges() async throws {
        try await withJetStream { js, _ in
            let kv = try await js.createKeyValue(KeyValueConfig(bucket: "w", history: 3))
            try await kv.put("k1", "v1")
            try await kv.put("k2", "v1")
            try await kv.put("k1", "v2")
            let watcher = try await kv.watch()
            let task = Task {
                var seen: [String] = []
                for try await entry in watcher {
                    seen.append("\(entry.key)=\(entry.string)/\(entry.operation.rawValue)/\(entry.delta)")
                    if seen.count == 4 { break }
                }
                return seen
            }
            try await Task.sleep(for: .milliseconds(200))
            try await kv.put("k3", "v1")
            try await kv.delete("k2")
            let seen = try await withTimeout(.seconds(10), "waiting for the watch") { try await task.value }
            #expect(seen == ["k2=v1/PUT/1", "k1=v2/PUT/0", "k3=v1/PUT/0", "k2=/DEL/0"])
            await watcher.stop()
        }
    }
}
