#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Operations on a whole index directory, for whoever builds an index somewhere first and puts it in place after.
public enum IndexDirectory {
    /// Renames the directory `source` to `destination`, which must not exist, and syncs both directories that hold
    /// them, so that after a crash the index is at one name or the other.
    /// - Throws: ``IndexError/Code/io`` when the rename or a sync fails.
    public static func move(_ source: String, to destination: String) throws {
        try Files.syncDirectory(source)
        guard rename(source, destination) == 0 else {
            throw IndexError(.io, "cannot rename \(source) to \(destination): \(String(cString: strerror(errno)))")
        }
        try Files.syncDirectory(parent(of: destination))
        let from = parent(of: source)
        if from != parent(of: destination) { try Files.syncDirectory(from) }
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
