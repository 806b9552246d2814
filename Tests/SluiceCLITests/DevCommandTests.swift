import Foundation
import NATSTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `sluice dev` as a newcomer runs it: in a copy of the source tree's quickstart files, on both transports.
@Suite(.serialized) struct DevCommandTests {
    static let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test(arguments: ["sqlite", "jetstream"])
    func ingestsTheSampleCorpusThenResumes(transport: String) async throws {
        let directory = try Self.quickstartTree()
        defer { TestDirectory.remove(directory) }
        let arguments = ["dev", "--transport", transport, "--listen", "127.0.0.1:0", "--nats-port", "0"]

        // First run: the corpus is generated, ingested, searchable; the bad records are in the dead letters.
        let first = try SluiceProcess(arguments, in: directory)
        let banner = try await first.waitForOutput("Ctrl-C drains")
        #expect(banner.contains("transport \(transport)"))
        let base = try #require(Self.baseURL(in: banner))
        let caughtUp = try await first.waitForOutput("caught up")
        #expect(caughtUp.contains("10000 records indexed this run, 4 in the dead letters"))
        let search = try await Self.get("\(base)/search?index=articles&q=glacier&limit=3")
        #expect(search.contains(#""hits""#) && search.contains("glacier"))
        let letters = try await Self.get("\(base)/dlq?pipeline=quickstart")
        #expect(letters.contains(#""count":4"#))
        first.send(SIGINT)
        #expect(try await first.waitForExit() == 0)

        // Second run: nothing is ingested again. A second signal during the drain stops it at once with status 130;
        // a drain with nothing in flight may end before the second signal arrives, and then it exits 0.
        let second = try SluiceProcess(arguments, in: directory)
        let resumed = try await second.waitForOutput("caught up")
        #expect(resumed.contains("already holds 10000 documents"))
        #expect(resumed.contains("0 records indexed this run"), "\(resumed.suffix(800))")
        second.send(SIGINT)
        try await second.waitForOutput("draining")
        second.send(SIGINT)
        let status = try await second.waitForExit()
        #expect(status == 0 || status == 130, "\(second.text.suffix(800))")
        if status == 130 { #expect(second.text.contains("stopped at once")) }
    }

    @Test func corpusIsDeterministic() async throws {
        let directory = try TestDirectory.make(prefix: "corpus")
        defer { TestDirectory.remove(directory) }
        let generator = "\(Self.sourceTree)/scripts/generate-corpus"
        for run in ["a", "b"] {
            let result = try await ExternalCommand.run(generator, ["--out", "\(directory)/\(run)", "--docs", "3000", "--files", "3"])
            #expect(result.status == 0, "\(result.output)")
        }
        for file in ["articles-01.ndjson", "articles-03.ndjson", "rejects.ndjson"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/a/\(file)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/b/\(file)"))
            #expect(a == b && !a.isEmpty, "\(file) differs between runs")
        }
    }

    /// A temporary directory with the quickstart's config and corpus generator, as in the source tree.
    static func quickstartTree() throws -> String {
        let directory = try TestDirectory.make(prefix: "dev")
        for path in ["config/quickstart.yaml", "scripts/generate-corpus"] {
            let target = "\(directory)/\(path)"
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            try FileManager.default.copyItem(atPath: "\(sourceTree)/\(path)", toPath: target)
        }
        return directory
    }

    /// The URL in "Search and operations on http://127.0.0.1:PORT. Try:".
    static func baseURL(in banner: String) -> String? {
        guard let start = banner.range(of: "Search and operations on "), let end = banner.range(of: ". Try:") else { return nil }
        return String(banner[start.upperBound..<end.lowerBound])
    }

    static func get(_ url: String) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: url)!)
        return String(decoding: data, as: UTF8.self)
    }
}
