import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Sizes SwiftNIO's shared event-loop group, which every client and server of a process runs on, from the
/// configuration's `event_loop_threads` (default 1: a role waiting for work needs no more).
public enum EventLoopThreads {
    private static let applied = Atomic<Bool>(false)

    /// Sets the size of the shared group once per process, before anything uses it; later calls do nothing.
    /// The environment variable `NIO_SINGLETON_GROUP_LOOP_COUNT`, when set, wins over the configuration.
    public static func apply(_ threads: Int) {
        guard !applied.exchange(true, ordering: .relaxed) else { return }
        if let value = getenv("NIO_SINGLETON_GROUP_LOOP_COUNT"), Int(String(cString: value)) != nil { return }
        NIOSingletons.groupLoopCountSuggestion = threads
    }
}
