import FoundationEssentials
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The durable position of a files source: for each file, the byte offset after the last record stored in the
/// transport. Kept as JSON in `<data_dir>/checkpoints/<pipeline>.json`, replaced atomically (write, then rename)
/// on every commit, so a crash leaves the old or the new position, never a torn one.
final class FileCheckpoint: Sendable {
    /// The checkpoint file.
    let path: String
    private let offsets: Mutex<[String: Int64]>

    /// Loads the checkpoint at `path`, or starts empty when there is none.
    init(path: String) throws {
        self.path = path
        var loaded: [String: Int64] = [:]
        if let data = FileManager.default.contents(atPath: path) {
            loaded = try JSONDecoder().decode([String: Int64].self, from: data)
        }
        offsets = Mutex(loaded)
    }

    /// Where to continue reading `file` (0 when it was never read).
    func offset(of file: String) -> Int64 {
        offsets.withLock { $0[file] ?? 0 }
    }

    /// Records a new position and writes the file.
    func commit(file: String, offset: Int64) throws {
        let snapshot = offsets.withLock { offsets -> [String: Int64] in
            offsets[file] = max(offsets[file] ?? 0, offset)
            return offsets
        }
        let data = try JSONEncoder().encode(snapshot)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw FileSourceError(.io, "cannot write \(temporary)")
        }
        if rename(temporary, path) != 0 {
            throw FileSourceError(.io, "cannot replace \(path): errno \(errno)")
        }
    }
}

/// A files source failed. Match on ``code``.
public struct FileSourceError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// A file cannot be read or the checkpoint cannot be written.
        public static let io = Code("io")
        /// No file matches the globs.
        public static let noFiles = Code("noFiles")
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong.
    public var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "FileSourceError.\(code): \(message)" }
}
