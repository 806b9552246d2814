import Logging
import Synchronization

/// Keeps the leases of the messages a pool holds: a message held for ``period`` since it was polled or its lease was
/// last extended has its lease extended, so a message waiting its turn (behind its group, for a permit, for the rate
/// limit, for an open circuit breaker, in a long delivery) is not delivered again meanwhile.
final class LeaseKeeper: Sendable {
    private struct Held {
        var work: Pool.Work
        var renewed: ContinuousClock.Instant
    }

    private struct State {
        var next: UInt64 = 0
        var held: [UInt64: Held] = [:]
    }

    /// How long a lease runs before it is extended; keep it well under the queues' visibility timeouts.
    let period: Duration
    private let state = Mutex(State())

    init(period: Duration) {
        self.period = period
    }

    /// Starts keeping the lease of `work`; returns the ticket to ``release(_:)`` it with.
    func hold(_ work: Pool.Work) -> UInt64 {
        state.withLock { state in
            state.next += 1
            state.held[state.next] = Held(work: work, renewed: .now)
            return state.next
        }
    }

    /// Stops keeping a lease (the message was settled or handed back).
    func release(_ ticket: UInt64) {
        _ = state.withLock { $0.held.removeValue(forKey: ticket) }
    }

    /// Extends the leases that are due, until the task is cancelled.
    func run(logger: Logger) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: period / 4) } catch { return }
            let now = ContinuousClock.now
            let due = state.withLock { state -> [UInt64: Pool.Work] in
                var due: [UInt64: Pool.Work] = [:]
                for (ticket, held) in state.held where now - held.renewed >= period {
                    state.held[ticket]?.renewed = now
                    due[ticket] = held.work
                }
                return due
            }
            for (_, works) in Dictionary(grouping: due, by: { $0.value.queue.name }) {
                // Leave out what was settled since: extending a settled message is an error on some queues.
                let current = state.withLock { state in works.filter { state.held[$0.key] != nil }.map(\.value) }
                guard let queue = current.first?.queue else { continue }
                do { try await queue.extendVisibility(current.map(\.leased)) } catch {
                    if Task.isCancelled { return }
                    logger.warning("could not extend leases", metadata: ["queue": "\(queue.name)", "count": "\(current.count)", "error": "\(error)"])
                }
            }
        }
    }
}
