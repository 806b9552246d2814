import Foundation
import Synchronization
import NATSTestSupport
import SluiceCore
import SluiceElasticsearch
import Testing

/// Seed 000 end to end: `sluice watch`, `sluice gateway` and `sluice write` as three processes between two
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
          target: {url: "\(target)"}
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
              indices: {assets: {mappings: {properties: {updated_at: {type: date}}}}}
            batch: {max_records: 1000, max_bytes: 5MB, max_age: 200ms}
        """
    }

    /// One role's process, restartable, with its own data directory.
    final class Role: Sendable {
        let name: String
        let directory: String
        let process: Mutex<SluiceProcess?> = Mutex(nil)

        init(_ name: String, directory: String) {
            self.name = name
            self.directory = directory
        }

        func start() throws {
            let started = try SluiceProcess(
                [name, "\(directory)/sync.yaml", "--log-format", "text"], in: directory,
                environment: ["SLUICE_DATA_DIR": "\(directory)/\(name)"]
            )
            process.withLock { $0 = started }
        }

        /// SIGKILL, as a crash would, then start again.
        func crashAndRestart() async throws {
            let running = process.withLock { $0 }
            running?.send(SIGKILL)
            _ = try await running?.waitForExit()
            try start()
        }

        func stop() async throws -> Int32? {
            let running = process.withLock { $0 }
            running?.send(SIGTERM)
            return try await running?.waitForExit()
        }

        var output: String { process.withLock { $0?.text ?? "" } }
    }

    @Test func threeRolesConvergeThroughCrashes() async throws {
        try await TestNATSServer.withServer { nats in
            try await TestOSMemServer.withServer { source in
                try await TestOSMemServer.withServer { target in
                    try await converge(nats: nats, source: source, target: target)
                }
            }
        }
    }

    func converge(nats: TestNATSServer, source sourceServer: TestOSMemServer, target targetServer: TestOSMemServer) async throws {
        let directory = try TestDirectory.make(prefix: "es-sync")
        defer { TestDirectory.remove(directory) }
        try Self.config(nats: nats.url, source: sourceServer.url, target: targetServer.url)
            .write(toFile: "\(directory)/sync.yaml", atomically: true, encoding: .utf8)
        let source = try await ElasticsearchClient.connect(ElasticsearchConfiguration(url: sourceServer.url))
        let target = try await ElasticsearchClient.connect(ElasticsearchConfiguration(url: targetServer.url))
        defer {
            Task {
                try? await source.shutdown()
                try? await target.shutdown()
            }
        }
        var clock = SourceClock()
        let mapping: JSONValue = .object(["mappings": .object(["properties": .object(["updated_at": .object(["type": .string("date")])])])])
        for index in ["assets", "meta", "logs"] { try await source.createIndex(index, body: mapping) }
        // 10,000 documents: 6,000 assets, 3,000 meta, 1,000 logs (excluded by the gateway).
        try await Self.write(source, index: "assets", ids: 0..<6000, clock: &clock)
        try await Self.write(source, index: "meta", ids: 0..<3000, clock: &clock)
        try await Self.write(source, index: "logs", ids: 0..<1000, clock: &clock)

        let roles = ["watch", "gateway", "write"].map { Role($0, directory: directory) }
        for role in roles { try role.start() }
        try await Self.waitUntilConverged(source: source, target: target, roles: roles)

        // Changes while each role crashes once: updates, new documents, soft deletes.
        try await Self.write(source, index: "assets", ids: 0..<1000, clock: &clock, title: "renamed")
        try await roles[1].crashAndRestart()
        try await Self.write(source, index: "assets", ids: 6000..<6500, clock: &clock)
        try await roles[2].crashAndRestart()
        try await Self.write(source, index: "meta", ids: 0..<200, clock: &clock, deleted: true)
        try await roles[0].crashAndRestart()
        try await Self.write(source, index: "assets", ids: 1000..<1200, clock: &clock, title: "second pass")
        try await Self.waitUntilConverged(source: source, target: target, roles: roles)

        #expect(try await target.indexExists("logs") == false)
        for role in roles { #expect(try await role.stop() == 0, "\(role.name):\n\(role.output)") }
    }

    /// Monotonic `updated_at` values, a millisecond apart.
    struct SourceClock {
        var millisecond: Int64 = 1_790_000_000_000
        mutating func next() -> String {
            millisecond += 1
            return RFC3339.format(Date(timeIntervalSince1970: Double(millisecond) / 1000))
        }
    }

    static func write(
        _ client: ElasticsearchClient, index: String, ids: Range<Int>, clock: inout SourceClock, title: String = "original",
        deleted: Bool = false
    ) async throws {
        for chunk in stride(from: ids.lowerBound, to: ids.upperBound, by: 1000) {
            var bulk = BulkRequest()
            for id in chunk..<min(chunk + 1000, ids.upperBound) {
                var document: JSONObject = ["title": .string("\(index) \(id) \(title)"), "updated_at": .string(clock.next())]
                if deleted { document["deleted"] = .bool(true) }
                bulk.index(index: index, id: "\(id)", document: .object(document))
            }
            let response = try await client.bulk(bulk, refresh: .waitFor)
            #expect(!response.hasErrors)
        }
    }

    /// Waits until every live source document of the included indices is in the target with the same source plus
    /// the gateway's transform, and nothing else is.
    static func waitUntilConverged(source: ElasticsearchClient, target: ElasticsearchClient, roles: [Role]) async throws {
        let deadline = ContinuousClock.now + .seconds(180)
        var last = ""
        while ContinuousClock.now < deadline {
            var differences: [String] = []
            for index in ["assets", "meta"] {
                let expected = try await all(source, index: index).filter { $0.value["deleted"] != .bool(true) }
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
