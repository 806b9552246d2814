#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Recognises an index of the FTS5 era where the segment engine is to keep its directory.
enum FTS5Detection {
    /// Whether anything exists at `path`, and whether it is a directory.
    static func kind(_ path: String) -> (exists: Bool, directory: Bool) {
        var info = stat()
        guard stat(path, &info) == 0 else { return (false, false) }
        return (true, (info.st_mode & S_IFMT) == S_IFDIR)
    }

    /// Whether `path` is a SQLite database file (an FTS5 index).
    static func isSQLiteFile(_ path: String) -> Bool {
        let header = Array("SQLite format 3\0".utf8)
        var bytes = [UInt8](repeating: 0, count: header.count)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        _ = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        return bytes == header
    }

    /// Why the segment engine cannot keep its index at `root`: it is a file. `nil` when it can.
    static func problem(root: String) -> String? {
        let target = kind(root)
        guard target.exists && !target.directory else { return nil }
        guard isSQLiteFile(root) else { return "index_path \(root) is a file; the segment engine keeps its index in a directory" }
        return """
            \(root) holds a search index of the FTS5 engine (a SQLite file), and index_engine is segment. To keep the FTS5 \
            index, set index_engine: fts5. The segment engine rebuilds an FTS5 index from its stored documents only at \
            the default place (no index_path: <data_dir>/index.sqlite is rebuilt into <data_dir>/index); otherwise point \
            index_path to a new directory and replay the sources into it (restart file sources from the beginning, or \
            re-ingest)
            """
    }

    /// Whether the segment index at `root` is to be rebuilt from `previous`, the FTS5 file of the same
    /// configuration: `root` does not exist yet and `previous` holds an index.
    static func needsRebuild(root: String, previous: String) -> Bool {
        !kind(root).exists && isSQLiteFile(previous)
    }
}
