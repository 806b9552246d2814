import Glibc
import NATSTestSupport
import Testing

@testable import SluiceIndex

/// The log's sync thread: a sync handed over is waited for, one after another, and its failure reaches the waiter.
struct FileSyncerTests {
    @Test func syncsOneAfterAnotherAndReportsAFailure() throws {
        let directory = try TestDirectory.make(prefix: "file-syncer")
        defer { TestDirectory.remove(directory) }
        let path = "\(directory)/file"
        let descriptor = try Files.create(path)
        let syncer = FileSyncer()
        defer { syncer.stop() }
        // Waiting with no sync started returns at once.
        try syncer.wait()
        for round in 0..<50 {
            try Array("record \(round)\n".utf8).withUnsafeBytes { try Files.write($0, to: descriptor, path: path) }
            syncer.start(descriptor, path: path)
            try syncer.wait()
        }
        close(descriptor)
        // A descriptor that is closed cannot be synced: the error names the file, and the next sync works again.
        syncer.start(descriptor, path: path)
        let error = #expect(throws: IndexError.self) { try syncer.wait() }
        #expect(error?.message.contains(path) == true, "\(String(describing: error))")
        let reopened = open(path, O_WRONLY)
        #expect(reopened >= 0)
        defer { close(reopened) }
        syncer.start(reopened, path: path)
        try syncer.wait()
        #expect(try Files.read(path)?.count == (0..<50).reduce(0) { $0 + "record \($1)\n".utf8.count })
    }
}
