import PostgresNIO
import SluiceBridge
import SluiceCore
import Synchronization

/// Deadlines over work on one leased PostgreSQL connection that end even when the work does not notice them.
///
/// PostgresNIO's queries do not observe task cancellation, and while a server restarts a call can wait on a
/// connection that will never answer; a cancelled task that waits for such a call waits with it. So the work runs in
/// a task of its own and the caller waits for whichever comes first, the work's result or the armed deadline. When
/// the deadline comes first, the connection is closed (failing whatever waits on it, which returns the connection to
/// the pool), the work's task is cancelled and left to end on its own, and the caller gets
/// ``SluiceBridge/BridgeError/Code/timedOut`` at once.
///
/// The deadline is armed around the steps that talk to the database (``within(_:_:_:)``) and not around the rest (a
/// claimed batch being published), so each step gets its own bound.
final class PostgresWatchdog: Sendable {
    private struct State {
        var connection: PostgresConnection?
        var timer: Task<Void, Never>?
        var expired = false
    }

    private let state = Mutex(State())
    private let expire: @Sendable (BridgeError) -> Void

    private init(expire: @escaping @Sendable (BridgeError) -> Void) {
        self.expire = expire
    }

    /// Runs `step` under a deadline of `timeout`, then disarms it.
    @discardableResult
    func within<T>(_ timeout: Duration, _ what: String, _ step: () async throws -> T) async throws -> T {
        arm(timeout, what)
        defer { disarm() }
        return try await step()
    }

    /// Starts a deadline of `timeout` (replacing one that runs): when it passes first, the work is abandoned.
    func arm(_ timeout: Duration, _ what: String) {
        let timer = Task { [self] in
            do {
                try await Task.sleep(for: timeout)
            } catch {
                return
            }
            fire(BridgeError(.timedOut, "PostgreSQL did not answer within \(timeout) \(what)"))
        }
        let previous = state.withLock { state in
            defer { state.timer = timer }
            return state.timer
        }
        previous?.cancel()
    }

    /// Stops the deadline that runs, if any.
    func disarm() {
        state.withLock { state in
            defer { state.timer = nil }
            return state.timer
        }?.cancel()
    }

    /// The connection the work holds: the one closed when the deadline passes.
    private func attach(_ connection: PostgresConnection) throws {
        let expired = state.withLock { state in
            state.connection = connection
            return state.expired
        }
        if expired { throw CancellationError() }
    }

    private func fire(_ error: BridgeError) {
        let connection = state.withLock { state in
            state.expired = true
            return state.connection
        }
        if let connection {
            Task { try? await connection.close() }
        }
        expire(error)
    }

    /// Leases a connection from `client` within `leaseTimeout` and runs `body` on it, in a task of its own, returning
    /// its result or throwing ``SluiceBridge/BridgeError/Code/timedOut`` when a deadline the body arms (or the lease's)
    /// passes first, or `CancellationError` when the caller is cancelled, without waiting for the abandoned work.
    static func withConnection<T: Sendable>(
        _ client: PostgresClient,
        leaseTimeout: Duration,
        _ body: @escaping @Sendable (PostgresConnection, PostgresWatchdog) async throws -> T
    ) async throws -> T {
        let outcome = FirstResult<T>()
        let watchdog = PostgresWatchdog { outcome.deliver(.failure($0)) }
        watchdog.arm(leaseTimeout, "for a connection")
        let work = Task {
            do {
                let value = try await client.withConnection { connection in
                    watchdog.disarm()
                    try watchdog.attach(connection)
                    return try await body(connection, watchdog)
                }
                outcome.deliver(.success(value))
            } catch {
                outcome.deliver(.failure(error))
            }
            watchdog.disarm()
        }
        return try await withTaskCancellationHandler {
            do {
                return try await outcome.value()
            } catch {
                work.cancel()
                throw error
            }
        } onCancel: {
            outcome.deliver(.failure(CancellationError()))
            work.cancel()
            watchdog.disarm()
        }
    }
}
