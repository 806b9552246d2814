import Foundation
import NATSTestSupport
import SluiceCore
import Testing

/// `sluice run FILE` on the SQLite queue and on JetStream, driven as an operator does: records over HTTP ingest and from files,
/// the dead letters looked at, replayed and purged with `sluice dlq` processes, a pipeline paused and resumed over
/// HTTP, SIGTERM to drain; then a second run, with the configuration fixed, that replays what the first refused.
@Suite struct RunCommandTests {
    /// Two pipelines: `notes` (HTTP ingest; with `strict`, titles must be strings) and `articles` (files).
    /// `nats` is the server's URL for `transport: jetstream`, `nil` for the SQLite queue.
    static func config(strict: Bool, nats: String?) -> String {
        let validation =
            strict
            ? """

                transforms:
                  - validate: {required: [payload.title], types: {payload.title: string}}
            """ : ""
        return """
            transport: \(nats == nil ? "sqlite" : "jetstream")
            nats: {url: "\(nats ?? "nats://127.0.0.1:1")"}
            data_dir: state
            index_shards: 1
            server: {listen: "127.0.0.1:0"}
            log: {level: info, format: text}
            pipelines:
              - name: notes
                source: {type: http}
                record: {id_field: id}\(validation)
                sink: {type: search_index, index: notes, fields: [title]}
                batch: {max_records: 100, max_age: 20ms}
              - name: articles
                source: {type: files, paths: "in/*.ndjson", progress: false}
                record: {id_field: id}
                sink: {type: search_index, index: articles, fields: [title]}
                batch: {max_records: 100, max_age: 20ms}
            """
    }

    /// The URL in the line `operations API on URL` that `sluice run` prints once it listens.
    static func printedAddress(of process: SluiceProcess) async throws -> String {
        let prefix = "operations API on "
        try await process.waitForOutput(prefix)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = process.text
            if let start = text.range(of: prefix), let end = text[start.upperBound...].firstIndex(of: "\n") {
                return String(text[start.upperBound..<end])
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CLITestFailure("no complete \"\(prefix)…\" line in:\n\(process.text)")
    }

    /// One `sluice run` of `sluice.yaml` in `directory`, ready to serve.
    struct Instance {
        let process: SluiceProcess
        let base: String

        static func start(in directory: ScratchDirectory, strict: Bool, nats: String?) async throws -> Instance {
            try directory.write("sluice.yaml", RunCommandTests.config(strict: strict, nats: nats))
            let process = try SluiceProcess(["run", "sluice.yaml"], in: directory.path)
            let base: String
            do {
                // Port 0 in the configuration: the address is the one `sluice run` prints.
                base = try await RunCommandTests.printedAddress(of: process)
                #expect(base.hasPrefix("http://127.0.0.1:") && !base.hasSuffix(":0"), "\(base)")
                try await HTTP.poll("\(base)/readyz", "ready") { $0.status == 200 && $0.json?["status"] == .string("ready") }
            } catch {
                process.killIfRunning()
                throw CLITestFailure("\(error)\n--- sluice run:\n\(process.text)")
            }
            return Instance(process: process, base: base)
        }

        /// `sluice dlq …` against this instance, by `--api`.
        func dlq(_ arguments: [String], in directory: ScratchDirectory) async throws -> CommandResult {
            try await SluiceCommand.run(["dlq"] + arguments + ["--api", base], in: directory.path)
        }

        /// Waits until `/dlq?pipeline=` holds `count` dead letters.
        func waitForDeadLetters(_ pipeline: String, count: Int) async throws {
            try await HTTP.poll("\(base)/dlq?pipeline=\(pipeline)", "\(count) dead letter(s) in \(pipeline)") {
                $0.json?["count"] == .int(Int64(count))
            }
        }

        /// SIGTERM drains; the process must exit 0.
        func stop() async throws -> Int32 {
            process.send(SIGTERM)
            return try await process.waitForExit()
        }
    }

    @Test(arguments: ["sqlite", "jetstream"])
    func ingestDeadLettersPauseResumeAndDrain(transport: String) async throws {
        if transport == "jetstream" {
            try await TestNATSServer.withServer { server in try await Self.scenario(nats: server.url) }
        } else {
            try await Self.scenario(nats: nil)
        }
    }

    static func scenario(nats: String?) async throws {
        let directory = try ScratchDirectory("run")
        defer { directory.remove() }
        try directory.write(
            "in/articles.ndjson",
            """
            {"id":"a1","title":"glacier walk"}
            {"id": broken
            {"id":"a2","title":"river crossing"}

            """
        )

        // First run: titles must be strings.
        let first = try await Instance.start(in: directory, strict: true, nats: nats)
        defer { first.process.killIfRunning() }
        let ingest = try await HTTP.post(
            "\(first.base)/ingest/notes",
            body: """
                {"id":"n1","title":"red bicycle"}
                {"id":"n2","title":42}
                {"id": broken
                """
        )
        #expect(ingest.status == 202, "\(ingest.body)")
        #expect(ingest.json?["accepted"] == .int(2), "\(ingest.body)")
        #expect(ingest.json?["rejected"]?[0]?["line"] == .int(3), "\(ingest.body)")
        let allMalformed = try await HTTP.post("\(first.base)/ingest/notes", body: "{\"id\": broken\n")
        #expect(allMalformed.status == 400, "\(allMalformed.body)")
        #expect(allMalformed.json?["rejected"]?[0]?["line"] == .int(1), "\(allMalformed.body)")
        #expect(try await HTTP.post("\(first.base)/ingest/articles", body: #"{"id":"x"}"#).status == 409)
        #expect(try await HTTP.post("\(first.base)/ingest/nothing", body: #"{"id":"x"}"#).status == 404)

        try await HTTP.poll("\(first.base)/search?index=notes&q=bicycle", "n1 searchable") { $0.json?["total"] == .int(1) }
        try await HTTP.poll("\(first.base)/search?index=articles&q=river", "a2 searchable") { $0.json?["total"] == .int(1) }
        try await first.waitForDeadLetters("notes", count: 1)
        try await first.waitForDeadLetters("articles", count: 1)

        // `dlq list`: a table with both letters and their reasons.
        let list = try await first.dlq(["list"], in: directory)
        #expect(list.status == 0, "\(list.output)")
        #expect(list.stdout.hasPrefix("ID "), "\(list.output)")
        #expect(list.stdout.contains("PIPELINE") && list.stdout.contains("REASON"), "\(list.output)")
        let rows = list.stdout.split(separator: "\n").map(String.init)
        let notesRow = try #require(rows.first { $0.contains(" notes ") }, "\(list.output)")
        #expect(notesRow.contains("title"), "the reason names the field: \(notesRow)")
        let articlesRow = try #require(rows.first { $0.contains(" articles ") }, "\(list.output)")
        #expect(articlesRow.contains("JSON"), "the reason says the line is not JSON: \(articlesRow)")
        #expect(list.stdout.contains("\n2 dead letters"), "\(list.output)")

        // `dlq list --json` gives the id; `dlq show ID` every field and the payload.
        let listed = try await first.dlq(["list", "--pipeline", "notes", "--json"], in: directory)
        #expect(listed.status == 0, "\(listed.output)")
        let letter = try #require(try JSONValue.parse(Array(listed.stdout.utf8))["dead_letters"]?[0], "\(listed.output)")
        guard case .string(let id) = letter["id"], case .string(let reason) = letter["reason"] else {
            throw CLITestFailure("no id and reason in \(listed.output)")
        }
        #expect(notesRow.hasPrefix(id), "\(notesRow) is not the letter \(id)")
        let shown = try await first.dlq(["show", id], in: directory)
        #expect(shown.status == 0, "\(shown.output)")
        #expect(shown.stdout.contains("id:          \(id)\n"), "\(shown.output)")
        #expect(shown.stdout.contains("pipeline:    notes\n"), "\(shown.output)")
        #expect(shown.stdout.contains("reason:      \(reason)\n"), "\(shown.output)")
        #expect(shown.stdout.contains(#""title" : 42"#), "the payload, pretty-printed: \(shown.output)")
        let missing = try await first.dlq(["show", "no-such-letter"], in: directory)
        #expect(missing.status == 1, "\(missing.output)")
        #expect(missing.stderr.hasPrefix("error: "), "\(missing.output)")

        // Replayed while the rule still holds, the note fails again and comes back with one more delivery; an id
        // that names no dead letter is refused.
        let unknown = try await first.dlq(["replay", "--id", "no-such-letter"], in: directory)
        #expect(unknown.status == 1, "\(unknown.output)")
        #expect(unknown.stderr.contains("HTTP 404"), "\(unknown.output)")
        let again = try await first.dlq(["replay", "--id", id], in: directory)
        #expect(again.status == 0, "\(again.output)")
        #expect(again.stdout.contains("replayed 1 dead letter\n"), "\(again.output)")
        try await HTTP.poll("\(first.base)/dlq?pipeline=notes", "the note back with 2 deliveries") {
            $0.json?["count"] == .int(1) && $0.json?["dead_letters"]?[0]?["deliveries"] == .int(2)
        }

        // Pause and resume over HTTP; a pipeline paused on purpose keeps the instance ready.
        let paused = try await HTTP.post("\(first.base)/pipelines/notes/pause")
        #expect(paused.status == 200, "\(paused.body)")
        #expect(paused.json?["state"] == .string("paused"), "\(paused.body)")
        let status = try await HTTP.get("\(first.base)/pipelines/notes")
        #expect(status.json?["state"] == .string("paused"), "\(status.body)")
        #expect(try await HTTP.get("\(first.base)/readyz").status == 200)
        let resumed = try await HTTP.post("\(first.base)/pipelines/notes/resume")
        #expect(resumed.status == 200, "\(resumed.body)")
        #expect(resumed.json?["state"] == .string("running"), "\(resumed.body)")
        try await HTTP.poll("\(first.base)/pipelines/notes", "notes running") { $0.json?["state"] == .string("running") }
        #expect(try await HTTP.post("\(first.base)/pipelines/nothing/pause").status == 404)

        #expect(try await first.stop() == 0, "\(first.process.text)")

        // Second run, the title rule relaxed: the letters are still there; replayed, the note now passes.
        let second = try await Instance.start(in: directory, strict: false, nats: nats)
        defer { second.process.killIfRunning() }
        try await second.waitForDeadLetters("notes", count: 1)
        let replay = try await SluiceCommand.run(
            ["dlq", "replay", "--pipeline", "notes"],
            in: directory.path,
            environment: ["SLUICE_API": second.base]
        )
        #expect(replay.status == 0, "\(replay.output)")
        #expect(replay.stdout.contains("replayed 1 dead letter\n"), "\(replay.output)")
        try await HTTP.poll("\(second.base)/pipelines/notes", "the replayed note delivered") {
            $0.json?["counters"]?["records_out"] == .int(1)
        }
        try await second.waitForDeadLetters("notes", count: 0)
        let afterReplay = try await second.dlq(["list", "--pipeline", "notes"], in: directory)
        #expect(afterReplay.stdout.contains("no dead letters in pipeline notes"), "\(afterReplay.output)")

        // The malformed article cannot pass whatever the configuration: purge it.
        let purge = try await second.dlq(["purge", "--pipeline", "articles"], in: directory)
        #expect(purge.status == 0, "\(purge.output)")
        #expect(purge.stdout.contains("purged 1 dead letter from pipeline articles"), "\(purge.output)")
        try await second.waitForDeadLetters("articles", count: 0)
        let empty = try await second.dlq(["list"], in: directory)
        #expect(empty.status == 0, "\(empty.output)")
        #expect(empty.stdout.contains("no dead letters"), "\(empty.output)")

        #expect(try await second.stop() == 0, "\(second.process.text)")
    }

    /// A configuration with a problem does not start: the problem is printed as `config check` prints it.
    @Test func aBadConfigurationDoesNotStart() async throws {
        let directory = try ScratchDirectory("run-bad")
        defer { directory.remove() }
        try directory.write(
            "sluice.yaml",
            """
            transport: sqlite
            pipelines:
              - name: notes
                source: {type: http}
                sink: {type: search_index, index: notes, fields: [title]}
                concurrency: many
            """
        )
        let result = try await SluiceCommand.run(["run", "sluice.yaml"], in: directory.path)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("sluice.yaml:6:18: pipelines[0].concurrency: "), "\(result.output)")
    }

    /// `sluice dlq` with nothing listening at `--api` fails with a message that says what to do.
    @Test func dlqWithoutARunningSluiceSaysSo() async throws {
        let directory = try ScratchDirectory("dlq-nothing")
        defer { directory.remove() }
        let port = try FreePort.claim()
        let result = try await SluiceCommand.run(["dlq", "list", "--api", "http://127.0.0.1:\(port)"], in: directory.path)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.hasPrefix("error: cannot reach the Sluice API at http://127.0.0.1:\(port)"), "\(result.output)")
        #expect(result.stdout.isEmpty, "\(result.output)")
    }
}
