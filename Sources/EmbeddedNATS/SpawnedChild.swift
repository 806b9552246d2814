import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn`: no input, its output and errors appended to a file, every signal at
/// its default disposition and none blocked (whatever this process ignores or blocks).
final class SpawnedChild: Sendable {
    /// The child's process id.
    let processIdentifier: Int32
    /// Its exit status once it has been reaped.
    private let status = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`, in `environment` (this process's when `nil`), its output in `log`.
    ///
    /// - Throws: ``NATSServerError/Code/launchFailed`` when the program cannot be started.
    init(executable: String, arguments: [String], environment: [String: String]?, log: String) throws(NATSServerError) {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { for entry in envp ?? [] { free(entry) } }
        var pid: pid_t = 0
        let spawned = ChildFileActions.with(output: log, appending: true) { actions in
            if let envp {
                posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            } else {
                posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
            }
        }
        guard spawned == 0 else {
            throw NATSServerError(.launchFailed, "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        processIdentifier = pid
    }

    /// Whether the child has not exited yet.
    var isRunning: Bool { terminationStatus == nil }

    /// The exit status once the child has exited (the signal's number when a signal ended it), `nil` while it runs.
    /// Reaps the child the first time it is seen to have exited.
    var terminationStatus: Int32? {
        status.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            let result = waitpid(processIdentifier, &raw, WNOHANG)
            if result == processIdentifier {
                status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : raw & 0x7f
            } else if result == -1 && errno != EINTR {
                status = -1  // not our child any more: nothing left to wait for
            }
            return status
        }
    }
}
