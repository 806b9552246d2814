import Foundation
import NATSTestSupport
import SluiceCore
import Testing

/// Every `sluice bench … --json` that runs on a tiny load within seconds: it exits 0 and prints one JSON object with
/// the documented fields, of the documented types. The figures themselves are not checked.
@Suite(.serialized) struct BenchCommandTests {
    enum Kind {
        case integer, number, string, bool
    }

    @Test func benchIndex() async throws {
        let object = try await Self.bench(["bench", "index", "--records", "2000", "--batch", "500", "--json"])
        try Self.expectFields(object, ["records": .integer, "batch": .integer, "shards": .integer, "seconds": .number, "records_per_sec": .number])
        #expect(object["records"] == .int(2000))
        #expect(object["batch"] == .int(500))
        #expect(object["shards"] == .int(2))
    }

    @Test(arguments: ["sqlite", "jetstream"])
    func benchPipeline(transport: String) async throws {
        let object = try await Self.bench([
            "bench", "pipeline", "--records", "2000", "--transport", transport, "--rate", "500", "--seconds", "1", "--json",
        ])
        try Self.expectFields(
            object,
            [
                "records": .integer, "transport": .string, "records_per_sec": .number, "seconds": .number,
                "source_records_per_sec": .number, "offered_rate": .integer, "latency_records": .integer, "p50_ms": .number,
                "p99_ms": .number, "peak_rss_bytes": .integer, "ready_ms": .number,
            ]
        )
        #expect(object["records"] == .int(2000))
        #expect(object["transport"] == .string(transport))
        #expect(object["offered_rate"] == .int(500))
        #expect(object["latency_records"] == .int(500))
    }

    @Test func benchESSync() async throws {
        let object = try await Self.bench(["bench", "es-sync", "--docs", "300", "--batch", "100", "--rate", "50", "--seconds", "1", "--json"])
        try Self.expectFields(
            object,
            [
                "docs": .integer, "converged": .bool, "write_docs_per_sec": .number, "raw_bulk_docs_per_sec": .number,
                "end_to_end_docs_per_sec": .number, "p50_ms": .number, "p99_ms": .number, "latency_docs": .integer,
                "gateway_p50_ms": .number, "gateway_p99_ms": .number, "gateway_under_load_p99_ms": .number,
            ]
        )
        #expect(object["docs"] == .int(300))
        #expect(object["converged"] == .bool(true))
    }

    @Test(arguments: ["sqlite", "postgres"])
    func benchOutbox(store: String) async throws {
        let object = try await Self.bench(["bench", "outbox", "--store", store, "--events", "500", "--rate", "100", "--seconds", "1", "--json"])
        try Self.expectFields(
            object,
            [
                "store": .string, "events": .integer, "rate": .integer, "relay_events_per_sec": .number,
                "end_to_end_events_per_sec": .number, "latency_events": .integer, "p50_ms": .number, "p99_ms": .number,
            ]
        )
        #expect(object["store"] == .string(store))
        #expect(object["events"] == .int(500))
        #expect(object["latency_events"] == .int(100))
    }

    /// The fields each mode adds to the common ones.
    static let natsModes: [String: [String: Kind]] = [
        "pub": [:],
        "pubsub": [:],
        "js-pub": ["sync": .bool, "window": .integer, "ack_errors": .integer],
        "js-pub --sync": ["sync": .bool, "p50_us": .number, "p99_us": .number, "max_us": .number],
        "js-consume": ["batch": .integer, "continuous": .bool],
        "js-consume --continuous": ["batch": .integer, "continuous": .bool],
    ]

    @Test(arguments: natsModes.keys.sorted())
    func natsBench(mode: String) async throws {
        let words = mode.split(separator: " ").map(String.init)
        try await TestNATSServer.withServer { server in
            let object = try await Self.bench(
                ["nats", "bench"] + words + ["--msgs", "2000", "--size", "64", "--json", "--server", server.url]
            )
            let common: [String: Kind] = [
                "mode": .string, "msgs": .integer, "size": .integer, "seconds": .number, "msgs_per_sec": .number,
                "mb_per_sec": .number, "dropped": .integer, "client_cpu_pct": .number,
            ]
            try Self.expectFields(object, common.merging(Self.natsModes[mode] ?? [:]) { $1 })
            #expect(object["mode"] == .string(words[0]))
            #expect(object["msgs"] == .int(2000))
            #expect(object["size"] == .int(64))
            if words[0] == "js-pub" { #expect(object["sync"] == .bool(words.count > 1)) }
            if words[0] == "js-consume" { #expect(object["continuous"] == .bool(words.count > 1)) }
        }
    }

    /// Runs a benchmark in a scratch directory and returns the JSON object on the last line of its output.
    static func bench(_ arguments: [String]) async throws -> JSONValue {
        let directory = try ScratchDirectory("bench")
        defer { directory.remove() }
        let result = try await SluiceCommand.run(arguments, in: directory.path, timeout: .seconds(300))
        #expect(result.status == 0, "\(result.output)")
        let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        guard let object = try? JSONValue.parse(Array(line.utf8)), case .object = object else {
            throw CLITestFailure("the last line of `sluice \(arguments.joined(separator: " "))` is not a JSON object:\n\(result.output)")
        }
        return object
    }

    /// Each field is present with a value of its kind (an integer is also a number).
    static func expectFields(_ object: JSONValue, _ fields: [String: Kind]) throws {
        for (name, kind) in fields.sorted(by: { $0.key < $1.key }) {
            let value = try #require(object[name], "no \(name) in \(object)")
            #expect(Self.isKind(value, kind), "\(name) is \(value), not \(kind)")
        }
    }

    static func isKind(_ value: JSONValue, _ kind: Kind) -> Bool {
        switch (kind, value) {
        case (.string, .string), (.bool, .bool), (.integer, .int), (.number, .int): return true
        case (.number, .double(let number)): return number.isFinite
        default: return false
        }
    }
}
