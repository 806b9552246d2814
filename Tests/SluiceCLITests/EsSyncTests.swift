import Foundation
import JetStream
import NATS
import NATSTestSupport
import SluiceCore
import SluiceElasticsearch
import Synchronization
import Testing

/// The Elasticsearch sync gateway end to end: `sluice watch`, `sluice gateway` and `sluice write` as three processes between two
/// OpenSearch-compatible servers and a nats-server, with creates, updates, soft deletes, excluded indices, a
/// transform, and each role killed and restarted while changes flow.
@Suite(.serialized) struct EsSyncTests {
    static func config(nats: String, source: String, target: String) -> String {
        """
        transport: jetstream
        nats: {url: "\(nats)"}
        data_dir: ${SLUICE_DATA_DIR}
        server: {listen: "127.0.0.1:0"}
        log: {level: warning}
        streams:
          - {name: ES_CHANGES, subjects: ["es.>"]}
          - {name: SYNC, subjects: ["sync.>"]}
        elasticsearch:
          source: {url: "\(source)"}
          target: {url: "\(target)", timeout: 2s}
        pipelines:
          - name: watch
            source:
              type: elasticsearch
              cluster: source
              indices: [assets, meta, logs]
              cursor_field: updated_at
              page_size: 500
              interval: 200ms
              overlap: 2s
              deleted_field: deleted
            record: {producer: iconik}
            sink: {type: publish}
          - name: gateway
            source: {type: jetstream, stream: ES_CHANGES, subjects: ["es.>"]}
            subject: "es.{producer}.{resource_type}"
            filters:
              - subjects: {include: [es.iconik.assets, es.iconik.meta, es.iconik.users], exclude: [es.iconik.logs, es.iconik.temp]}
            transforms:
              - set: {path: payload.synced, value: true}
            sink: {type: publish, subject: "sync.{producer}.{resource_type}"}
          - name: write
            source: {type: jetstream, stream: SYNC, subjects: ["sync.>"]}
            sink:
              type: elasticsearch
              cluster: target
              indices: {assets: {mappings: {properties: {updated_at: {type: date}, price: {type: integer}}}}}
            batch: {max_records: 1000, max_bytes: 5MB, max_age: 200ms}
            retry: {backoff: [500ms, 1s, 2s], max_deliver: 3}
        """
    }

    @Test func threeRolesConvergeThroughCrashes() async throws {
        try await withServers { nats, source, target in
            let sync = try await SyncSetup(nats: nats, source: source, target: target)
            defer { sync.cleanUp() }
            let clock = SourceClock()
            // 10,000 documents: 6,000 assets, 3,000 meta, 1,000 logs (excluded by the gateway).
            try await Self.write(sync.source, index: "assets", ids: 0..<6000, clock: clock)
            try await Self.write(sync.source, index: "meta", ids: 0..<3000, clock: clock)
            try await Self.write(sync.source, index: "logs", ids: 0..<1000, clock: clock)

            let roles = sync.roles
            for role in roles { try role.start() }
            try await Self.waitUntilConverged(source: sync.source, target: sync.target, roles: roles)

            // Changes while each role crashes once, at a random moment of the load: updates, new documents, soft deletes.
            // The moments come from a seed the test names, so a failing run can be repeated.
            var random = SeededRandom()
            print("threeRolesConvergeThroughCrashes: crash moments from \(random)")
            var changes = Task {
                try await Self.write(sync.source, index: "assets", ids: 0..<1000, clock: clock, title: "renamed", pause: .milliseconds(100))
                try await Self.write(sync.source, index: "assets", ids: 6000..<6500, clock: clock, pause: .milliseconds(100))
            }
            for role in [roles[1], roles[2]] {
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...600, using: &random)))
                try await role.crashAndRestart()
            }
            try await changes.value
            changes = Task {
                try await Self.write(sync.source, index: "meta", ids: 0..<200, clock: clock, deleted: true, pause: .milliseconds(50))
                try await Self.write(sync.source, index: "assets", ids: 1000..<1200, clock: clock, title: "second pass", pause: .milliseconds(50))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...300, using: &random)))
            try await roles[0].crashAndRestart()
            try await changes.value
            try await Self.waitUntilConverged(source: sync.source, target: sync.target, roles: roles)

            #expect(try await sync.target.indexExists("logs") == false, "\(random)")
            for role in roles { #expect(try await role.stop() == 0, "\(role.name), \(random):\n\(role.output)") }
        }
    }

    /// The target hangs for 30 seconds (SIGSTOP: connections accepted, nothing answered, as in a partition) while
    /// changes keep coming: once it is back everything arrives, and the DLQ holds only the two documents the target's
    /// mapping refuses.
    @Test func targetDownForThirtySecondsDuringALoad() async throws {
        try await withServers { nats, source, target in
            let sync = try await SyncSetup(nats: nats, source: source, target: target)
            defer { sync.cleanUp() }
            let clock = SourceClock()
            try await Self.write(sync.source, index: "assets", ids: 0..<2000, clock: clock)
            try await Self.write(sync.source, index: "meta", ids: 0..<1000, clock: clock)
            let roles = sync.roles
            for role in roles { try role.start() }
            try await Self.waitUntilConverged(source: sync.source, target: sync.target, roles: roles)

            target.suspend()
            let outage = ContinuousClock.now
            // Ten seconds of load, two documents the target cannot map among it, then twenty more seconds down.
            try await Self.write(sync.source, index: "assets", ids: 2000..<3000, clock: clock, pause: .milliseconds(1000))
            try await Self.write(sync.source, index: "assets", ids: 0..<1000, clock: clock, title: "during the outage", pause: .milliseconds(1000))
            try await Self.write(sync.source, index: "assets", ids: 9000..<9002, clock: clock, price: "cheap")
            try await Self.write(sync.source, index: "meta", ids: 1000..<2000, clock: clock, pause: .milliseconds(1000))
            try await Task.sleep(until: outage + .seconds(30))
            target.resume()

            let refused: Set<String> = ["assets/9000", "assets/9001"]
            try await Self.waitUntilConverged(source: sync.source, target: sync.target, roles: roles, refused: refused)
            let letters = try await Self.deadLetters(nats: nats.url, pipeline: "write")
            #expect(Set(letters.keys) == ["sync.iconik.assets/9000", "sync.iconik.assets/9001"], "dead letters: \(letters)")
            for reason in letters.values { #expect(reason.contains("mapper_parsing_exception"), "\(reason)") }
            for role in roles { #expect(try await role.stop() == 0, "\(role.name):\n\(role.output)") }
        }
    }

    func withServers(_ body: (TestNATSServer, TestOSMemServer, TestOSMemServer) async throws -> Void) async throws {
        try await TestNATSServer.withServer { nats in
            try await TestOSMemServer.withServer { source in
                try await TestOSMemServer.withServer { target in
                    try await body(nats, source, target)
                }
            }
        }
    }

    /// The config file, the three roles, clients of both clusters and the source indices.
    struct SyncSetup: Sendable {
        let directory: String
        let source: ElasticsearchClient
        let target: ElasticsearchClient
        let roles: [SluiceRole]

        init(nats: TestNATSServer, source sourceServer: TestOSMemServer, target targetServer: TestOSMemServer) async throws {
            let directory = try TestDirectory.make(prefix: "es-sync")
            self.directory = directory
            try EsSyncTests.config(nats: nats.url, source: sourceServer.url, target: targetServer.url)
                .write(toFile: "\(directory)/sync.yaml", atomically: true, encoding: .utf8)
            source = try await ElasticsearchClient.connect(ElasticsearchConfiguration(url: sourceServer.url))
            target = try await ElasticsearchClient.connect(ElasticsearchConfiguration(url: targetServer.url))
            let mapping: JSONValue = .object(["mappings": .object(["properties": .object(["updated_at": .object(["type": .string("date")])])])])
            for index in ["assets", "meta", "logs"] { try await source.createIndex(index, body: mapping) }
            roles = ["watch", "gateway", "write"].map { name in
                SluiceRole(
                    name,
                    arguments: [name, "\(directory)/sync.yaml", "--log-format", "text"],
                    directory: directory,
                    environment: ["SLUICE_DATA_DIR": "\(directory)/\(name)"]
                )
            }
        }

        func cleanUp() {
            let (source, target, directory) = (source, target, directory)
            Task {
                try? await source.shutdown()
                try? await target.shutdown()
                TestDirectory.remove(directory)
            }
        }
    }

    /// The dead letters of `pipeline`, as `original subject/document id` → reason.
    static func deadLetters(nats: String, pipeline: String) async throws -> [String: String] {
        let client = try await NATSClient.connect(NATSClientOptions(servers: [nats]))
        defer { Task { await client.close() } }
        let js = JetStreamContext(client: client)
        let stream = "SLUICE_DLQ_" + pipeline.uppercased()
        let info = try await js.streamInfo(stream)
        var letters: [String: String] = [:]
        guard info.state.messages > 0 else { return letters }
        for sequence in info.state.firstSequence...info.state.lastSequence {
            let message = try await js.getMessage(stream: stream, sequence: sequence)
            let envelope = try Envelope.decode(message.payload.readableBytesView)
            let subject = message.headers?["Sluice-Original-Subject"] ?? "?"
            letters["\(subject)/\(envelope.resourceID)"] = message.headers?["Sluice-Error"] ?? ""
        }
        return letters
    }

    /// Monotonic `updated_at` values, a millisecond apart, shared by the writes of one test (also from tasks).
    final class SourceClock: Sendable {
        private let millisecond = Mutex<Int64>(1_790_000_000_000)

        func next() -> String {
            let value = millisecond.withLock { millisecond in
                millisecond += 1
                return millisecond
            }
            return RFC3339.format(Date(timeIntervalSince1970: Double(value) / 1000))
        }
    }

    static func write(
        _ client: ElasticsearchClient,
        index: String,
        ids: Range<Int>,
        clock: SourceClock,
        title: String = "original",
        deleted: Bool = false,
        price: String? = nil,
        pause: Duration? = nil
    ) async throws {
        // With a pause, the documents go in ten bulks with the pause after each; without, in bulks of 1,000.
        let size = pause == nil ? 1000 : max(1, ids.count / 10)
        for chunk in stride(from: ids.lowerBound, to: ids.upperBound, by: size) {
            var bulk = BulkRequest()
            for id in chunk..<min(chunk + size, ids.upperBound) {
                var document: JSONObject = ["title": .string("\(index) \(id) \(title)"), "updated_at": .string(clock.next())]
                if deleted { document["deleted"] = .bool(true) }
                if let price { document["price"] = .string(price) }
                bulk.index(index: index, id: "\(id)", document: .object(document))
            }
            let response = try await client.bulk(bulk, refresh: .waitFor)
            #expect(!response.hasErrors)
            if let pause { try await Task.sleep(for: pause) }
        }
    }

    /// Waits until every live source document of the included indices is in the target with the same source plus
    /// the gateway's transform, and nothing else is.
    /// `refused` names documents (`index/id`) the target's mapping refuses: they are expected in the DLQ, not the target.
    static func waitUntilConverged(
        source: ElasticsearchClient,
        target: ElasticsearchClient,
        roles: [SluiceRole],
        refused: Set<String> = []
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(180)
        var last = ""
        while ContinuousClock.now < deadline {
            var differences: [String] = []
            for index in ["assets", "meta"] {
                let expected = try await all(source, index: index).filter {
                    $0.value["deleted"] != .bool(true) && !refused.contains("\(index)/\($0.key)")
                }
                let actual = (try? await all(target, index: index)) ?? [:]
                if actual.count != expected.count { differences.append("\(index): \(actual.count) of \(expected.count)") }
                for (id, document) in expected {
                    guard case .object(var object) = document else { continue }
                    object["synced"] = .bool(true)
                    if actual[id] != .object(object) {
                        differences.append("\(index)/\(id) differs")
                        break
                    }
                }
            }
            if differences.isEmpty { return }
            last = differences.joined(separator: "; ")
            try await Task.sleep(for: .milliseconds(500))
        }
        let outputs = roles.map { "--- \($0.name)\n\($0.output.suffix(3000))" }.joined(separator: "\n")
        throw CLITestFailure("did not converge: \(last)\n\(outputs)")
    }

    /// Every document of an index by id.
    static func all(_ client: ElasticsearchClient, index: String) async throws -> [String: JSONValue] {
        var documents: [String: JSONValue] = [:]
        var after: [JSONValue]?
        while true {
            var request = SearchRequest(indices: [index])
            request.size = 5000
            request.sort = [SortField("_id", .ascending)]
            request.searchAfter = after
            let page = try await client.search(request)
            for hit in page.hits { documents[hit.id] = hit.source }
            guard page.hits.count == 5000, let last = page.hits.last else { return documents }
            after = last.sort
        }
    }
}
