import ArgumentParser
import Foundation
import Logging
import SluiceCore
import SluiceIndex
import SluiceSQLite
import SluiceSearchIndexConnector

/// `sluice bench index`: the embedded search index alone, the limit a pipeline into it cannot pass.
struct IndexBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Measure the embedded search index alone: envelopes decoded beforehand, written batch after batch.",
        discussion: """
            Decodes --records synthetic records (those of `sluice bench pipeline`) into envelopes, then times writing \
            them to a new index of --engine (--shards files or writers) in batches of --batch, one batch after another, \
            each synced as --synchronous says, with the same searchable fields as the pipeline benchmark: \
            records_per_sec. It is the index's own limit, the \
            analogue of raw_bulk_docs_per_sec for Elasticsearch. index_bytes is the size of the index's files at the \
            end, peak_rss_bytes this process's peak resident memory.
            """
    )

    @Option(help: "Records to write.")
    var records: Int = 200_000

    @Option(help: "Records per batch (one transaction or segment per shard each).")
    var batch: Int = 1000

    @Option(help: "Files or writers the index is spread over (the config's index_shards).")
    var shards: Int = 2

    @Option(help: "The engine, fts5 or segment (the config's index_engine).")
    var engine: SearchIndexEngine = .segment

    @Option(help: "How each batch is synced, full (survives a power loss) or normal (a process crash) (the config's index_synchronous).")
    var synchronous: SynchronousMode = .full

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
        let envelopes = try BenchRecords.envelopes(records)
        let batches = stride(from: 0, to: records, by: batch).map { Array(envelopes[$0..<min($0 + batch, records)]) }
        let elapsed: Duration
        switch engine {
        case .fts5: elapsed = try await fts5(batches, directory: directory)
        case .segment: elapsed = try await segment(batches, directory: directory)
        }
        let result = IndexBenchResult(
            engine: engine.rawValue,
            records: records,
            batch: batch,
            shards: shards,
            synchronous: synchronous.rawValue,
            seconds: elapsed.seconds,
            recordsPerSecond: Double(records) / elapsed.seconds,
            indexBytes: BenchFiles.size(of: directory),
            peakRSSBytes: ProcessMemory.peakResidentBytes
        )
        print(json ? result.json : result.text)
    }

    private func fts5(_ batches: [[Envelope]], directory: String) async throws -> Duration {
        var configuration = SearchIndex.Configuration()
        configuration.logger.logLevel = .error
        configuration.shards = shards
        configuration.synchronous = synchronous
        let index = try await SearchIndex.open(path: "\(directory)/index.sqlite", configuration: configuration)
        do {
            try await index.ensureIndex(SearchIndexDefinition(name: "bench", fields: ["title", "body", "tags"]))
            let start = ContinuousClock.now
            for batch in batches { _ = try await index.apply(batch, to: "bench") }
            // Closing checkpoints the write-ahead logs into the files; it is timed, as the segment index's close below.
            try await index.close()
            return ContinuousClock.now - start
        } catch {
            try? await index.close()
            throw error
        }
    }

    private func segment(_ batches: [[Envelope]], directory: String) async throws -> Duration {
        var configuration = SegmentIndex.Configuration()
        configuration.shards = shards
        configuration.synchronous = SegmentIndex.Synchronous(synchronous)
        let fields = ["title", "body", "tags"]
        let index = try SegmentIndex.open(directory: "\(directory)/index", fields: fields.map { IndexField($0) }, configuration: configuration)
        let start = ContinuousClock.now
        do {
            for batch in batches { try await index.writeBenchRecords(batch, fields: fields) }
        } catch {
            index.close()
            throw error
        }
        // Closing writes the buffers as segment files; it is timed, as the FTS5 index's close above.
        index.close()
        return ContinuousClock.now - start
    }
}

/// What `sluice bench index` measured.
struct IndexBenchResult: BenchJSONResult {
    var engine: String
    var records: Int
    var batch: Int
    var shards: Int
    var synchronous: String
    var seconds: Double
    var recordsPerSecond: Double
    var indexBytes: Int
    var peakRSSBytes: Int

    enum CodingKeys: String, CodingKey {
        case engine, records, batch, shards, synchronous, seconds
        case recordsPerSecond = "records_per_sec"
        case indexBytes = "index_bytes"
        case peakRSSBytes = "peak_rss_bytes"
    }

    var text: String {
        "sluice bench index: \(engine), \(records) records in batches of \(batch), \(shards) shard(s), synchronous \(synchronous): \(Int(recordsPerSecond)) records/s "
            + "(\(String(format: "%.2f", seconds)) s), index \(indexBytes / 1_048_576) MiB, peak RSS \(peakRSSBytes / 1_048_576) MiB"
    }
}

/// Sizes of what a benchmark left on disk.
enum BenchFiles {
    /// The bytes of the regular files under `path`.
    static func size(of path: String) -> Int {
        guard let files = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total = 0
        for case let name as String in files {
            let attributes = try? FileManager.default.attributesOfItem(atPath: "\(path)/\(name)")
            if attributes?[.type] as? FileAttributeType == .typeRegular { total += (attributes?[.size] as? Int) ?? 0 }
        }
        return total
    }
}
