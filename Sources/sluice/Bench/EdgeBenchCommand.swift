import ArgumentParser
import Foundation
import JetStream
import Logging
import NATS
import SluiceEdge
import SluiceSQLite
import SluiceTopology
import Synchronization

/// `sluice bench edge`: the edge sync on a topology it starts (central cluster of three, one region, two edges).
struct EdgeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edge",
        abstract: "Measure the edge sync: apply rate, publish-to-applied latency, catch-up rate, local checks.",
        discussion: """
            Starts a topology on 127.0.0.1 (three central servers with the R3 stream, one region, two edges with their \
            agents in this process) and measures at the first edge: applied_changes_per_sec (--changes published as fast \
            as possible while the agent runs, first publish to last applied, beside published_changes_per_sec, the rate \
            the stream acknowledged them at); publish_to_applied_p50_ms/p99_ms (one \
            change at a time at --rate for --seconds, each timed from its publish to its commit at the edge); \
            catch_up_changes_per_sec (--backlog changes published while the agent is stopped, then applied); \
            check_p99_us (--checks local checks on the filled store).
            """
    )

    @Option(help: "Changes for the apply rate.")
    var changes: Int = 50_000

    @Option(help: "Changes published per second for the latency figures.")
    var rate: Int = 1_000

    @Option(help: "How long to publish at --rate, in seconds.")
    var seconds: Int = 10

    @Option(help: "Changes in the backlog the agent catches up on.")
    var backlog: Int = 100_000

    @Option(help: "Local checks for check_p99_us.")
    var checks: Int = 10_000

    @Option(help: "How the edges' stores sync each commit before acknowledging, full or normal (the config's edge.synchronous).")
    var synchronous: SynchronousMode = .full

    @Option(help: "The edges' durable consumers' replicas (the config's edge.consumer_replicas; default: the stream's).")
    var consumerReplicas: Int?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard changes > 0, rate > 0, seconds > 0, backlog > 0, checks > 0 else {
            throw ValidationError("--changes, --rate, --seconds, --backlog and --checks must be positive")
        }
        if let consumerReplicas, !(1...3).contains(consumerReplicas) {
            throw ValidationError("--consumer-replicas must be 1 to 3 (the stream has 3)")
        }
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-edge-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bench = try await EdgeBenchTopology.start(directory: directory, synchronous: synchronous, consumerReplicas: consumerReplicas)
        var result = EdgeBenchResult()
        do {
            try await bench.measure(into: &result, changes: changes, rate: rate, seconds: seconds, backlog: backlog, checks: checks)
        } catch {
            await bench.stop()
            throw error
        }
        await bench.stop()
        print(json ? result.json : result.text)
    }
}

/// What `sluice bench edge` reports.
struct EdgeBenchResult: BenchJSONResult {
    var appliedChangesPerSecond = 0.0
    /// The rate the stream acknowledged the apply run's changes at, while the agents applied them: the most an edge
    /// can apply in that run.
    var publishedChangesPerSecond = 0.0
    var publishToAppliedP50Milliseconds = 0.0
    var publishToAppliedP99Milliseconds = 0.0
    var latencyChanges = 0
    var catchUpChangesPerSecond = 0.0
    var checkP50Microseconds = 0.0
    var checkP99Microseconds = 0.0

    enum CodingKeys: String, CodingKey {
        case appliedChangesPerSecond = "applied_changes_per_sec"
        case publishedChangesPerSecond = "published_changes_per_sec"
        case publishToAppliedP50Milliseconds = "publish_to_applied_p50_ms"
        case publishToAppliedP99Milliseconds = "publish_to_applied_p99_ms"
        case latencyChanges = "latency_changes"
        case catchUpChangesPerSecond = "catch_up_changes_per_sec"
        case checkP50Microseconds = "check_p50_us"
        case checkP99Microseconds = "check_p99_us"
    }

    var text: String {
        """
        applied:   \(Int(appliedChangesPerSecond)) changes/s at one edge (published at \(Int(publishedChangesPerSecond)) changes/s)
        latency:   publish → applied p50 \(String(format: "%.2f", publishToAppliedP50Milliseconds)) ms, \
        p99 \(String(format: "%.2f", publishToAppliedP99Milliseconds)) ms (\(latencyChanges) changes)
        catch-up:  \(Int(catchUpChangesPerSecond)) changes/s
        checks:    p50 \(String(format: "%.1f", checkP50Microseconds)) µs, p99 \(String(format: "%.1f", checkP99Microseconds)) µs
        """
    }
}
