#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the index needs, on POSIX calls: writes (whole files, sections, log records at their
/// offset) that are synced before they count, atomic replacement by rename, directory listing.
enum Files {
    private static func failure(_ what: String, _ path: String) -> IndexError {
        IndexError(.io, "\(what) \(path): \(String(cString: strerror(errno)))")
    }

    /// Writes `bytes` to a new file at `path` (replacing any) and syncs it to the disk.
    static func writeSynced(_ bytes: [UInt8], to path: String) throws {
        let descriptor = try create(path)
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { try write($0, to: descriptor, path: path) }
        try sync(descriptor, path: path)
    }

    /// A new, empty file at `path` (replacing any), open for writing; the caller closes it.
    static func create(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create", path) }
        return descriptor
    }

    /// Writes all of `buffer` to the file `descriptor` (at `path`, for the error): at its current position, or from
    /// byte `start` of the file when given.
    static func write(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32, at start: Int? = nil, path: String) throws {
        var offset = 0
        while offset < buffer.count {
            let written =
                if let start {
                    pwrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset, off_t(start + offset))
                } else {
                    Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write", path)
            }
            offset += written
        }
    }

    /// Syncs the file `descriptor` (at `path`, for the error) to the disk; with `dataOnly`, its data and size but
    /// not its other metadata (`fdatasync`).
    static func sync(_ descriptor: Int32, dataOnly: Bool = false, path: String) throws {
        guard (dataOnly ? fdatasync(descriptor) : fsync(descriptor)) == 0 else { throw failure("cannot sync", path) }
    }

    /// Replaces `path` by `bytes` atomically: a temporary file is written and synced, renamed over `path`, and the
    /// directory synced, so a crash at any moment leaves the old contents or the new, never a mix.
    static func replaceAtomically(_ path: String, with bytes: [UInt8], directory: String) throws {
        let temporary = path + ".tmp"
        try writeSynced(bytes, to: temporary)
        try rename(temporary, to: path)
        try syncDirectory(directory)
    }

    /// Renames `source` to `destination` (replacing a file there).
    static func rename(_ source: String, to destination: String) throws {
        guard Glibc.rename(source, destination) == 0 else { throw failure("cannot rename \(source) to", destination) }
    }

    /// The directory holding `path`: `.` for a bare name, `/` for a name at the root.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Syncs a directory, so that the names created or renamed in it are on the disk.
    static func syncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot open directory", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("cannot sync directory", path) }
    }

    /// The whole file at `path`, or `nil` when there is none.
    static func read(_ path: String) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw failure("cannot open", path)
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read", path)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Whether something exists at `path`, and whether it is a directory.
    static func kind(_ path: String) -> (exists: Bool, directory: Bool) {
        var info = stat()
        guard stat(path, &info) == 0 else { return (false, false) }
        return (true, (info.st_mode & S_IFMT) == S_IFDIR)
    }

    /// Creates `path` and its missing parents.
    static func makeDirectory(_ path: String) throws {
        if kind(path).directory { return }
        try makeDirectory(parent(of: path))
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw failure("cannot create directory", path) }
    }

    /// The names in directory `path`.
    static func list(_ path: String) throws -> [String] {
        guard let directory = opendir(path) else { throw failure("cannot list", path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes the file at `path`; a missing file is not an error.
    static func remove(_ path: String) {
        unlink(path)
    }
}
