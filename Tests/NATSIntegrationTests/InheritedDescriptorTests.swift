import EmbeddedNATS
import Foundation
import NATSTestSupport
import Testing

/// A spawned program must not hold copies of this process's connections: a connection closed here would stay open
/// at its peer for as long as the program runs.
@Suite struct InheritedDescriptorTests {
    @Test func aSpawnedProgramInheritsNoSocketOfThisProcess() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let directory = try TestDirectory.make(prefix: "inherited")
            defer { TestDirectory.remove(directory) }
            let output = "\(directory)/fds.txt"
            let status = try ChildProcess.runToExit(["/bin/ls", "-l", "/proc/self/fd"], output: output)
            let listing = try String(contentsOfFile: output, encoding: .utf8)
            #expect(status == 0, "\(listing)")
            #expect(!listing.contains("socket:"), "the program inherited sockets:\n\(listing)")
            await client.close()
        }
    }
}
