import ArgumentParser
import Foundation
import NATS

/// `sluice nats bench pub|sub|pubsub …`, and the shared transport benchmark's CLI (`--scenario …`).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput against a NATS server.",
        discussion: """
            Modes: pub (publish, then flush), sub (count messages someone else publishes), pubsub (publish with a \
            subscriber on a second connection). With --scenario it follows the CLI contract of the shared transport \
            benchmark (../shared/bench/transport) and prints one RESULT line.
            """)

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case pub, sub, pubsub
    }

    @Argument(help: "What to measure: pub, sub or pubsub.")
    var mode: Mode?

    @Option(help: "Number of messages.")
    var msgs: Int = 1_000_000

    @Option(help: "Payload size in bytes.")
    var size: Int = 128

    @Option(help: "Subject to use.")
    var subject: String = "bench.core"

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var contract: BenchContractOptions

    func validate() throws {
        if mode == nil && contract.scenario == nil { throw ValidationError("name a mode (pub, sub, pubsub) or --scenario") }
        if msgs < 1 || size < 0 { throw ValidationError("--msgs must be at least 1 and --size not negative") }
    }

    func run() async throws {
        if let scenario = contract.scenario {
            try await contract.run(scenario: scenario, size: size, connection: connection)
            return
        }
        let options = connection.clientOptions()
        let result: BenchResult
        var dropped = 0
        switch mode! {
        case .pub:
            result = try await CoreBenchmarks.publish(options: options, subject: subject, count: msgs, size: size, serverPID: nil)
        case .sub:
            let client = try await NATSClient.connect(options)
            let subscription = try await client.subscribe(subject, limits: .unlimited)
            if !json { print("waiting for \(msgs) messages on \(subject)") }
            var iterator = subscription.makeAsyncIterator()
            _ = try await iterator.next()
            let meter = BenchMeter()
            let received = try await CoreBenchmarks.receive(msgs - 1, from: subscription)
            result = meter.finish(count: received + 1, bytesPerMessage: size)
            dropped = msgs - received - 1
            await client.close()
        case .pubsub:
            (result, dropped) = try await CoreBenchmarks.publishSubscribe(
                options: options, subject: subject, count: msgs, size: size, serverPID: nil)
        }
        report(result, mode: mode!.rawValue, dropped: dropped)
    }

    private func report(_ result: BenchResult, mode: String, dropped: Int) {
        if json {
            let object: [String: Any] = [
                "mode": mode, "msgs": result.count, "size": size, "seconds": result.seconds,
                "msgs_per_sec": result.messagesPerSecond.rounded(), "mb_per_sec": (result.megabytesPerSecond * 100).rounded() / 100,
                "dropped": dropped, "client_cpu_pct": result.clientCPUPercent.rounded(),
            ]
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(
                String(
                    format: "%@: %d msgs of %d B in %.3f s: %.0f msgs/s, %.2f MB/s%@", mode, result.count, size, result.seconds,
                    result.messagesPerSecond, result.megabytesPerSecond, dropped > 0 ? " (\(dropped) not received)" : ""))
        }
    }
}
