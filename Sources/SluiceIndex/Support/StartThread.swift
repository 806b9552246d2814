#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a thread of its own (not one of Swift's cooperative threads, which must never block) running `body`;
/// returns it, for `pthread_join`. `body` and what it captures live until it returns.
func startThread(_ body: @escaping @Sendable () -> Void) -> pthread_t {
    final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
    var thread = pthread_t()
    let result = pthread_create(
        &thread,
        nil,
        { argument in
            Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue().run()
            return nil
        },
        Unmanaged.passRetained(Body(body)).toOpaque()
    )
    precondition(result == 0, "cannot start a thread")
    return thread
}
