#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `<directory>/lock`, so two servers never share one directory and store.
///
/// The lock is held by this process while its child runs and released when the child has exited
/// (or when this process ends, whatever the cause).
final class DirectoryLock {
    private let fd: Int32

    /// Takes the lock, or returns `nil` if another holder has it.
    init?(directory: String) {
        let fd = open("\(directory)/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            _ = close(fd)
            return nil
        }
        self.fd = fd
    }

    deinit {
        _ = flock(fd, LOCK_UN)
        _ = close(fd)
    }
}
