import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// A small document in which a source keeps how far it got, replaced whole by each save.
public protocol CheckpointStore: Sendable {
    /// The document last saved, or `nil` before the first save.
    func load() async throws -> [UInt8]?
    /// Replaces the document; after a crash, ``load()`` returns the old or the new one, never a mix.
    func save(_ document: [UInt8]) async throws
}

/// A checkpoint in a file, written to a temporary file and renamed over the old one.
public struct FileCheckpointStore: CheckpointStore {
    /// The file.
    public let path: String

    /// A checkpoint kept at `path` (its directory is created on the first save).
    public init(path: String) {
        self.path = path
    }

    public func load() async throws -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    public func save(_ document: [UInt8]) async throws {
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(document)), rename(temporary, path) == 0 else {
            throw FileSourceError(.io, "cannot write the checkpoint \(path)")
        }
    }
}
