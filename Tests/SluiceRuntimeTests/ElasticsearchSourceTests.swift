import Foundation
import NATSTestSupport
import SluiceCore
import SluiceElasticsearch
import Testing

@testable import SluiceRuntime

/// The watch role's source against a real OpenSearch-compatible server: snapshot, changes by cursor, soft deletes,
/// and a restart that resumes from the checkpoint.
@Suite(.serialized) struct ElasticsearchSourceTests {
    static func config(directory: String, url: String, transport: String, natsURL: String) throws -> SluiceConfig {
        try SluiceConfig.parse(
            """
            transport: \(transport)
            nats: {url: "\(natsURL)"}
            data_dir: \(directory)/state
            server: {enabled: false}
            elasticsearch:
              source: {url: "\(url)"}
            pipelines:
              - name: watch
                source:
                  type: elasticsearch
                  cluster: source
                  indices: [assets]
                  cursor_field: updated_at
                  page_size: 20
                  interval: 100ms
                  overlap: 0s
                  deleted_field: deleted
                record: {producer: iconik}
                sink: {type: search_index, index: docs, fields: [title]}
                batch: {max_records: 50, max_age: 10ms}
            """,
            file: "watch.yaml"
        )
    }

    static func write(_ client: ElasticsearchClient, ids: Range<Int>, from millisecond: Int64, title: String, deleted: Bool = false) async throws {
        var bulk = BulkRequest()
        for (offset, id) in ids.enumerated() {
            var document: JSONObject = [
                "title": .string("\(title) \(id)"),
                "updated_at": .string(RFC3339.format(Date(timeIntervalSince1970: Double(millisecond + Int64(offset)) / 1000))),
            ]
            if deleted { document["deleted"] = .bool(true) }
            bulk.index(index: "assets", id: "\(id)", document: .object(document))
        }
        #expect(try await client.bulk(bulk, refresh: .waitFor).hasErrors == false)
    }

    @Test(arguments: ["sqlite", "jetstream"])
    func snapshotChangesDeletesAndResume(transport: String) async throws {
        try await TestNATSServer.withServer { nats in
            try await TestOSMemServer.withServer { server in
                let directory = try TestDirectory.make(prefix: "runtime-watch")
                defer { TestDirectory.remove(directory) }
                let client = try await ElasticsearchClient.connect(ElasticsearchConfiguration(url: server.url))
                defer { Task { try? await client.shutdown() } }
                try await client.createIndex(
                    "assets",
                    body: .object(["mappings": .object(["properties": .object(["updated_at": .object(["type": "date"])])])])
                )
                try await Self.write(client, ids: 0..<50, from: 1_790_000_000_000, title: "asset")
                let config = try Self.config(directory: directory, url: server.url, transport: transport, natsURL: nats.url)

                let first = try await RuntimeHarness(config: config)
                try await first.waitUntil("the snapshot is indexed") { try await first.indexed() == 50 }
                // More changes than a page (20): the poll pages through them in a point in time.
                try await Self.write(client, ids: 0..<30, from: 1_790_000_100_000, title: "renamed")
                try await Self.write(client, ids: 40..<45, from: 1_790_000_200_000, title: "gone", deleted: true)
                try await first.waitUntil("changes and deletes arrive") {
                    let renamed = try await first.runtime.search(SearchQuery(index: "docs", query: "renamed")).total
                    return try await first.indexed() == 45 && renamed == 30
                }
                try await first.waitUntil("everything is stored") { try await first.runtime.pending(pipeline: "watch") == 0 }
                try await Task.sleep(for: .milliseconds(300))  // a few more polls: nothing new is emitted
                let emitted = await first.runtime.pipelineStatus(named: "watch")?.counters.recordsIn
                #expect(emitted == 85)
                try await first.drain()

                // A restart resumes from the checkpoint: no new snapshot, only the change made while it was down.
                try await Self.write(client, ids: 20..<21, from: 1_790_000_300_000, title: "later")
                let second = try await RuntimeHarness(config: config)
                try await second.waitUntil("the later change arrives") {
                    try await second.runtime.search(SearchQuery(index: "docs", query: "later")).total == 1
                }
                try await Task.sleep(for: .milliseconds(300))
                #expect(await second.runtime.pipelineStatus(named: "watch")?.counters.recordsIn == 1)
                #expect(try await second.indexed() == 45)
                try await second.drain()
            }
        }
    }
}
