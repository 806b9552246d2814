import Foundation
import Testing

/// `sluice config check FILE` as an operator runs it before deploying a configuration.
@Suite struct ConfigCheckCommandTests {
    @Test func aValidFileIsReportedOK() async throws {
        let directory = try ScratchDirectory("config-ok")
        defer { directory.remove() }
        try directory.write(
            "good.yaml",
            """
            transport: sqlite
            data_dir: state
            server: {listen: "127.0.0.1:9999"}
            pipelines:
              - name: orders
                source: {type: http}
                sink: {type: search_index, index: orders, fields: [title]}
                batch: {max_records: 100, max_age: 50ms}
              - name: files
                source: {type: files, paths: "in/*.ndjson"}
                sink: {type: search_index, index: orders, fields: [title]}
            """
        )
        let result = try await SluiceCommand.run(["config", "check", "good.yaml"], in: directory.path)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("OK: good.yaml: 2 pipeline(s): orders, files"), "\(result.output)")
        #expect(result.stderr.isEmpty, "\(result.output)")
    }

    /// An unknown key and a duration without its unit: both are reported, each with the file, line, column and
    /// field path, and the command fails.
    @Test func eachProblemIsNamedWithItsPlaceAndField() async throws {
        let directory = try ScratchDirectory("config-bad")
        defer { directory.remove() }
        try directory.write(
            "bad.yaml",
            """
            transport: sqlite
            pipelines:
              - name: orders
                source: {type: http}
                sink: {type: search_index, index: orders, fields: [title]}
                batch:
                  max_records: 100
                  max_age: 50
                colour: blue
            """
        )
        let result = try await SluiceCommand.run(["config", "check", "bad.yaml"], in: directory.path)
        #expect(result.status == 1, "\(result.output)")
        #expect(!result.stdout.contains("OK"), "\(result.output)")
        let problems = result.stderr.split(separator: "\n").map(String.init)
        // In document order: `max_age: 50` is on line 8, its value at column 16; `colour` is on line 9, column 5.
        try #require(problems.count == 2, "\(result.output)")
        #expect(problems[0].hasPrefix("bad.yaml:8:16: pipelines[0].batch.max_age: "), "\(result.output)")
        #expect(problems[0].contains("has no unit"), "\(result.output)")
        #expect(problems[1].hasPrefix("bad.yaml:9:5: pipelines[0].colour: unknown key 'colour'"), "\(result.output)")
    }
}
