import CSpawnSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The descriptors of a program Sluice spawns: no input, its output and errors in one file, and none of this
/// process's other descriptors.
///
/// SwiftNIO's sockets are not close-on-exec, so a child spawned while a connection is open would otherwise hold a copy
/// of it: a connection this process closes would then stay open at the other end for as long as the child runs (a
/// nats-server started by one part of a program keeping another part's closed connection alive, its peer never seeing
/// the end). Where the C library cannot close them (glibc before 2.34, musl), children inherit what is not
/// close-on-exec.
enum ChildFileActions {
    /// Runs `body` (which calls `posix_spawn`) with the file actions for a child writing to `output`, appended to or
    /// truncated first.
    static func with<T>(output: String, appending: Bool, _ body: (inout posix_spawn_file_actions_t) -> T) -> T {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | (appending ? O_APPEND : O_TRUNC), 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        _ = sluice_spawn_close_from(&actions, 3)
        return body(&actions)
    }
}
