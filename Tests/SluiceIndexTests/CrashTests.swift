import Foundation
import NATSTestSupport
import Testing

@testable import SluiceIndex

/// A writer killed with SIGKILL at seeded random moments (in log appends, flushes and merges), then the index
/// reopened: every segment passes its checksums, the log is replayed, every acknowledged change is there with its
/// version or a newer one, and no deleted document comes back. Every other round the writer only writes its log
/// records (`synchronous: normal`), which a crash of the process must not lose either.
struct CrashTests {
    static var writer: String {
        get throws {
            var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("index-crash-writer").path
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
                directory.deleteLastPathComponent()
            }
            throw IndexError(.io, "index-crash-writer is not built next to the tests; run `swift build --build-tests` first")
        }
    }

    @Test func acknowledgedChangesSurviveSIGKILL() async throws {
        var random = SeededRandom()
        let directory = try TestDirectory.make(prefix: "segment-crash")
        defer { TestDirectory.remove(directory) }
        var acknowledged: [String: (version: Int64, deleted: Bool)] = [:]
        for round in 0..<6 {
            let output = "\(directory)/acks-\(round).txt"
            FileManager.default.createFile(atPath: output, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try Self.writer)
            let synchronous: SegmentIndex.Synchronous = round.isMultiple(of: 2) ? .full : .normal
            process.arguments = ["\(directory)/index", String(round * 1_000_000), String(random.next()), synchronous.rawValue]
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            try process.run()
            // Wait for the first acknowledgement, then kill at a random moment after it.
            let deadline = ContinuousClock.now + .seconds(60)
            while (try? Data(contentsOf: URL(fileURLWithPath: output)))?.isEmpty ?? true {
                try #require(process.isRunning, "the writer stopped before acknowledging anything")
                try #require(ContinuousClock.now < deadline, "the writer acknowledged nothing within 60 s")
                try await Task.sleep(for: .milliseconds(10))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...700, using: &random)))
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
            let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
            for line in lines {
                let parts = line.split(separator: " ")
                guard parts.count == 3, let version = Int64(parts[1]) else { continue }  // a line cut by the kill
                acknowledged[String(parts[0])] = (version, parts[2] == "delete")
            }
            // Reopening checks every segment's checksums and rebuilds the id map.
            let index = try SegmentIndex.open(directory: "\(directory)/index", fields: [IndexField("title"), IndexField("body")])
            defer { index.close() }
            for (id, expected) in acknowledged {
                let location = index.shards[index.shard(of: id)].location(of: id)
                let stored = try #require(location, "\(id) acknowledged at \(expected.version) is missing (\(random))")
                #expect(stored.version >= expected.version, "\(id): \(stored.version) < acknowledged \(expected.version) (\(random))")
                if stored.version == expected.version {
                    #expect(stored.deletion == expected.deleted, "\(id) at \(expected.version) (\(random))")
                }
                let document = try index.get(id: id)
                #expect((document == nil) == stored.deletion, "\(id) (\(random))")
                if !stored.deletion {
                    let found = try await index.search("title: \(id)", limit: 5)
                    #expect(found.hits.map(\.id) == [id], "\(id) not searchable (\(random))")
                }
            }
            // Pick up the versions the killed writer may have applied without acknowledging them.
            for (id, _) in acknowledged {
                if let location = index.shards[index.shard(of: id)].location(of: id) {
                    acknowledged[id] = (location.version, location.deletion)
                }
            }
        }
        #expect(!acknowledged.isEmpty)
    }
}
