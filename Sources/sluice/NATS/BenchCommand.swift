import ArgumentParser
import Foundation
import NATS

/// `sluice nats bench pub|sub|pubsub|js-pub|js-consume …`, and the shared transport benchmark's CLI (`--scenario …`).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput against a NATS server.",
        discussion: """
            Modes: pub (publish, then flush), sub (count messages someone else publishes), pubsub (publish with a \
            subscriber on a second connection), js-pub (publish to the stream BENCH, subject bench.js, file storage, \
            recreated: asynchronously with at most --window unacknowledged, or with --sync one at a time, reporting \
            publish-to-ack latency), js-consume (fill BENCH with --msgs messages, then time only consuming them \
            through a fresh durable pull consumer, --batch per fetch, acking each; with --continuous through the \
            continuous consume API with a prefetch of --batch). With --scenario it follows the CLI \
            contract of the transport benchmark that `make bench` runs beside nats.c and nats.go, and prints one RESULT line.
            """
    )

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case pub, sub, pubsub
        case jsPub = "js-pub"
        case jsConsume = "js-consume"
    }

    @Argument(help: "What to measure: pub, sub, pubsub, js-pub or js-consume.")
    var mode: Mode?

    @Option(help: "Number of messages.")
    var msgs: Int = 1_000_000

    @Option(help: "Payload size in bytes.")
    var size: Int = 128

    @Option(help: "Subject to use.")
    var subject: String = "bench.core"

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "js-pub: wait for each acknowledgement before the next publish, and report its latency.")
    var sync = false

    @Flag(help: "js-consume: consume continuously (prefetching --batch messages) instead of fetch after fetch.")
    var continuous = false

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var contract: BenchContractOptions

    func validate() throws {
        if mode == nil && contract.scenario == nil {
            throw ValidationError("name a mode (pub, sub, pubsub, js-pub, js-consume) or --scenario")
        }
        if sync && mode != .jsPub { throw ValidationError("--sync only applies to js-pub") }
        if continuous && mode != .jsConsume { throw ValidationError("--continuous only applies to js-consume") }
        if msgs < 1 || size < 0 { throw ValidationError("--msgs must be at least 1 and --size not negative") }
    }

    func run() async throws {
        if let scenario = contract.scenario {
            try await contract.run(scenario: scenario, size: size, connection: connection)
            return
        }
        let options = try connection.clientOptions()
        let result: BenchResult
        var dropped = 0
        var extra: [String: Any] = [:]
        var note = ""
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
                options: options,
                subject: subject,
                count: msgs,
                size: size,
                serverPID: nil
            )
        case .jsPub where sync:
            let latency: JetStreamBenchmarks.Latency
            (result, latency) = try await JetStreamBenchmarks.publishSync(options: options, count: msgs, size: size, serverPID: nil)
            extra = ["sync": true, "p50_us": latency.p50.rounded(), "p99_us": latency.p99.rounded(), "max_us": latency.max.rounded()]
            note = String(format: "; publish to ack p50 %.0f µs, p99 %.0f µs, max %.0f µs", latency.p50, latency.p99, latency.max)
        case .jsPub:
            let ackErrors: Int
            (result, ackErrors) = try await JetStreamBenchmarks.publishAsync(
                options: options,
                count: msgs,
                size: size,
                window: contract.window,
                serverPID: nil
            )
            dropped = ackErrors
            extra = ["sync": false, "window": contract.window, "ack_errors": ackErrors]
            note = " (window \(contract.window))" + (ackErrors > 0 ? " (\(ackErrors) not acknowledged)" : "")
        case .jsConsume:
            result = try await JetStreamBenchmarks.publishThenConsume(
                options: options,
                count: msgs,
                size: size,
                batch: contract.batch,
                continuous: continuous,
                serverPID: nil
            )
            dropped = msgs - result.count
            extra = ["batch": contract.batch, "continuous": continuous]
            note =
                (continuous ? " (continuous, prefetch \(contract.batch))" : " (batch \(contract.batch))")
                + (dropped > 0 ? " (\(dropped) not received)" : "")
        }
        if (mode == .sub || mode == .pubsub) && dropped > 0 { note = " (\(dropped) not received)" }
        report(result, mode: mode!.rawValue, dropped: dropped, extra: extra, note: note)
    }

    private func report(_ result: BenchResult, mode: String, dropped: Int, extra: [String: Any], note: String) {
        if json {
            let object: [String: Any] = [
                "mode": mode, "msgs": result.count, "size": size, "seconds": result.seconds,
                "msgs_per_sec": result.messagesPerSecond.rounded(), "mb_per_sec": (result.megabytesPerSecond * 100).rounded() / 100,
                "dropped": dropped, "client_cpu_pct": result.clientCPUPercent.rounded(),
            ].merging(extra) { _, new in new }
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(
                String(
                    format: "%@: %d msgs of %d B in %.3f s: %.0f msgs/s, %.2f MB/s%@",
                    mode,
                    result.count,
                    size,
                    result.seconds,
                    result.messagesPerSecond,
                    result.megabytesPerSecond,
                    note
                )
            )
        }
    }
}
