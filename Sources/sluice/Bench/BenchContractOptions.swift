import ArgumentParser
import Foundation
import NATS

/// The CLI contract of the transport benchmark that `scripts/bench-transport` runs (the nats.c and nats.go programs take the same flags):
/// `--url URL --server-pid PID --scenario S --n N --size BYTES [--window W] [--batch B] [--ack each|all]` (`--size` is the bench command's own),
/// printing exactly one `RESULT key=value…` line.
struct BenchContractOptions: ParsableArguments {
    @Option(help: .hidden) var url: String?
    @Option(name: .customLong("server-pid"), help: .hidden) var serverPID: Int32?
    @Option(help: "Shared-benchmark scenario: core_pub, core_pubsub, js_pub_async, js_pull, js_pub_sync.") var scenario: String?
    @Option(help: .hidden) var n: Int?
    @Option(help: "JetStream async publishing (js-pub, js_pub_async): the most unacknowledged publishes.") var window: Int = 1024
    @Option(help: "JetStream pull consuming (js-consume, js_pull): messages per fetch.") var batch: Int = 1000
    @Option(help: .hidden) var ack: String = "each"

    func validate() throws {
        if window < 1 || batch < 1 { throw ValidationError("--window and --batch must be at least 1") }
        if ack != "each" && ack != "all" { throw ValidationError("--ack must be each or all") }
    }

    func run(scenario: String, size: Int, connection: ConnectionOptions) async throws {
        var options = try connection.clientOptions()
        if let url { options.servers = [url] }
        let count = n ?? 1_000_000
        var extra = ""
        let result: BenchResult
        switch scenario {
        case "core_pub":
            result = try await CoreBenchmarks.publish(options: options, subject: "bench.core", count: count, size: size, serverPID: serverPID)
        case "core_pubsub":
            let (measured, dropped) = try await CoreBenchmarks.publishSubscribe(
                options: options,
                subject: "bench.core",
                count: count,
                size: size,
                serverPID: serverPID
            )
            result = measured
            extra = " dropped=\(dropped)"
        case "js_pub_async":
            let (measured, ackErrors) = try await JetStreamBenchmarks.publishAsync(
                options: options,
                count: count,
                size: size,
                window: window,
                serverPID: serverPID
            )
            result = measured
            extra = " window=\(window) ack_errors=\(ackErrors)"
        case "js_pull":
            result = try await JetStreamBenchmarks.pull(
                options: options,
                count: count,
                size: size,
                batch: batch,
                ackAll: ack == "all",
                serverPID: serverPID
            )
            extra = " batch=\(batch) ack=\(ack)"
        case "js_pub_sync":
            let (measured, latency) = try await JetStreamBenchmarks.publishSync(options: options, count: count, size: size, serverPID: serverPID)
            result = measured
            extra = String(format: " p50_us=%.1f p99_us=%.1f max_us=%.1f", latency.p50, latency.p99, latency.max)
        default:
            throw ValidationError("scenario '\(scenario)' is not supported")
        }
        print(
            "RESULT client=swift scenario=\(scenario) size=\(size) n=\(count) count=\(result.count) secs=\(String(format: "%.4f", result.seconds)) "
                + "msgs_per_s=\(Int(result.messagesPerSecond)) cli_cpu_pct=\(Int(result.clientCPUPercent)) "
                + "srv_cpu_pct=\(result.serverCPUPercent.map { String(Int($0)) } ?? "-1")\(extra)"
        )
    }
}
