#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs other programs to completion, for the servers Sluice starts beside nats-server (PostgreSQL's `initdb` and
/// `pg_ctl`).
public enum ChildProcess {
    /// Runs `command` (an absolute path, then its arguments) with no input and its output and errors in the file
    /// `output`, blocking until it exits, and returns its exit status (128 + the signal when a signal ended it).
    ///
    /// The output goes to a file, not a pipe: a program that starts a daemon (`pg_ctl start`) leaves the daemon holding
    /// the descriptors it inherited, so a pipe would never reach its end.
    /// - Throws: ``NATSServerError/Code/launchFailed`` when the program cannot be started.
    public static func runToExit(_ command: [String], output: String) throws -> Int32 {
        let arguments = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = ChildFileActions.with(output: output, appending: false) { actions in
            posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
        }
        guard spawned == 0 else {
            throw NATSServerError(.launchFailed, "cannot run \(command[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
