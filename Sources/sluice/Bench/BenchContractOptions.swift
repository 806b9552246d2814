import ArgumentParser
import NATS

/// The shared transport benchmark's CLI contract (`../shared/bench/transport/README.md`):
/// `--url URL --server-pid PID --scenario S --n N --size BYTES [--window W] [--batch B] [--ack each|all]` (`--size` is the bench command's own),
/// printing exactly one `RESULT key=value…` line.
struct BenchContractOptions: ParsableArguments {
    @Option(help: .hidden) var url: String?
    @Option(name: .customLong("server-pid"), help: .hidden) var serverPID: Int32?
    @Option(help: "Shared-benchmark scenario: core_pub, core_pubsub, js_pub_async, js_pull, js_pub_sync.") var scenario: String?
    @Option(help: .hidden) var n: Int?
    @Option(help: .hidden) var window: Int = 1024
    @Option(help: .hidden) var batch: Int = 1000
    @Option(help: .hidden) var ack: String = "each"

    func run(scenario: String, size: Int, connection: ConnectionOptions) async throws {
        var options = connection.clientOptions()
        if let url { options.servers = [url] }
        let count = n ?? 1_000_000
        var extra = ""
        let result: BenchResult
        switch scenario {
        case "core_pub":
            result = try await CoreBenchmarks.publish(options: options, subject: "bench.core", count: count, size: size, serverPID: serverPID)
        case "core_pubsub":
            let (measured, dropped) = try await CoreBenchmarks.publishSubscribe(
                options: options, subject: "bench.core", count: count, size: size, serverPID: serverPID)
            result = measured
            extra = " dropped=\(dropped)"
        default:
            throw ValidationError("scenario '\(scenario)' is not supported")
        }
        print(
            "RESULT client=swift scenario=\(scenario) size=\(size) n=\(count) count=\(result.count) secs=\(String(format: "%.4f", result.seconds)) "
                + "msgs_per_s=\(Int(result.messagesPerSecond)) cli_cpu_pct=\(Int(result.clientCPUPercent)) "
                + "srv_cpu_pct=\(result.serverCPUPercent.map { String(Int($0)) } ?? "-1")\(extra)")
    }
}
