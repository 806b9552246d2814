import CSpawnSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps this process's descriptors out of the programs it spawns.
///
/// SwiftNIO's sockets are not close-on-exec, so a child spawned while a connection is open would hold a copy of it: a
/// connection this process closes would then stay open at the other end for as long as the child runs (a nats-server
/// started by one part of a program keeping another part's closed connection alive, its peer never seeing the end).
enum InheritedDescriptors {
    /// Adds to `actions` the closing of every descriptor above standard error, after the actions already added.
    /// Where the C library cannot (glibc before 2.34, musl), children inherit what is not close-on-exec.
    static func close(in actions: inout posix_spawn_file_actions_t) {
        _ = sluice_spawn_close_from(&actions, 3)
    }
}
