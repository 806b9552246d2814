import ArgumentParser
import Foundation
import Logging
import SluiceCore
import SluiceSQLite

/// `sluice bench index`: the embedded search index alone, the limit a pipeline into it cannot pass.
struct IndexBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Measure the embedded search index alone: envelopes decoded beforehand, written batch after batch.",
        discussion: """
            Decodes --records synthetic records (those of `sluice bench pipeline`) into envelopes, then times writing \
            them to a new index (--shards files) in batches of --batch, one batch after another, with the same searchable fields \
            as the pipeline benchmark: records_per_sec. It is the index's own limit, the analogue of \
            raw_bulk_docs_per_sec for Elasticsearch.
            """
    )

    @Option(help: "Records to write.")
    var records: Int = 200_000

    @Option(help: "Records per batch (one transaction per shard each).")
    var batch: Int = 1000

    @Option(help: "Files the index is spread over (the config's index_shards).")
    var shards: Int = 2

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard records > 0, batch > 0 else { throw ValidationError("--records and --batch must be positive") }
        guard (1...SearchIndex.maximumShards).contains(shards) else {
            throw ValidationError("--shards must be between 1 and \(SearchIndex.maximumShards)")
        }
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-index-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let envelopes = try (0..<records).map { number in
            let payload = try JSONValue.parse(Array(BenchRecords.record(number).utf8))
            return Envelope(producer: "bench", resourceType: "records", resourceID: "r-\(number)", eventType: "updated", version: 1, payload: payload)
        }
        var configuration = SearchIndex.Configuration()
        configuration.logger.logLevel = .error
        configuration.shards = shards
        let index = try await SearchIndex.open(path: "\(directory)/index.sqlite", configuration: configuration)
        do {
            try await index.ensureIndex(SearchIndexDefinition(name: "bench", fields: ["title", "body", "tags"]))
            let start = ContinuousClock.now
            for chunk in stride(from: 0, to: records, by: batch) {
                _ = try await index.apply(Array(envelopes[chunk..<min(chunk + batch, records)]), to: "bench")
            }
            let elapsed = ContinuousClock.now - start
            try await index.close()
            let result = IndexBenchResult(
                records: records,
                batch: batch,
                shards: shards,
                seconds: elapsed.seconds,
                recordsPerSecond: Double(records) / elapsed.seconds
            )
            print(json ? result.json : result.text)
        } catch {
            try? await index.close()
            throw error
        }
    }
}

/// What `sluice bench index` measured.
struct IndexBenchResult: BenchJSONResult {
    var records: Int
    var batch: Int
    var shards: Int
    var seconds: Double
    var recordsPerSecond: Double

    enum CodingKeys: String, CodingKey {
        case records, batch, shards, seconds
        case recordsPerSecond = "records_per_sec"
    }

    var text: String {
        "sluice bench index: \(records) records in batches of \(batch), \(shards) shard(s): \(Int(recordsPerSecond)) records/s (\(String(format: "%.2f", seconds)) s)"
    }
}
