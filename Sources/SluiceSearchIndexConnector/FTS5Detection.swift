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

    /// Why the segment engine cannot start on `root`: it is a file, or it does not exist yet while `previous` (the
    /// FTS5 file of the same configuration) holds an index that would be left behind. `nil` when it can.
    static func problem(root: String, previous: String?) -> String? {
        let target = kind(root)
        if target.exists && !target.directory {
            return isSQLiteFile(root)
                ? refusal(root, setting: "set index_path to a new directory (or move the file away)")
                : "index_path \(root) is a file; the segment engine keeps its index in a directory"
        }
        if !target.exists, let previous, isSQLiteFile(previous) {
            return refusal(previous, setting: "remove or move \(previous) (the segment index goes to \(root))")
        }
        return nil
    }

    private static func refusal(_ path: String, setting: String) -> String {
        """
        \(path) holds a search index of the FTS5 engine (a SQLite file), and index_engine is segment. To rebuild the \
        index with the segment engine, \(setting) and replay the sources into it (restart file sources from the \
        beginning, or re-ingest); to keep the FTS5 index, set index_engine: fts5
        """
    }
}
