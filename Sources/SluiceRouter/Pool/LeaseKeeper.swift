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
        /// The tickets whose leases are being extended right now.
        var extending: Set<UInt64> = []
        /// Releases waiting for the extension under way of their ticket to finish.
        var releasing: [UInt64: [CheckedContinuation<Void, Never>]] = [:]
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

    /// Stops keeping a lease; call it before settling the message (acknowledging it or handing it back), so that
    /// no extension lands after the settlement (an extension after a `nak` would undo the retry's delay). Waits for an
    /// extension of this lease that is under way.
    func release(_ ticket: UInt64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let released = state.withLock { state in
                if state.extending.contains(ticket) {
                    state.releasing[ticket, default: []].append(continuation)
                    return false
                }
                state.held[ticket] = nil
                return true
            }
            if released { continuation.resume() }
        }
    }

    /// Ends the extension of `tickets`: the leases released meanwhile are let go and their releases resumed.
    private func finishExtending(_ tickets: [UInt64]) {
        let waiting = state.withLock { state in
            state.extending.subtract(tickets)
            var waiting: [CheckedContinuation<Void, Never>] = []
            for ticket in tickets {
                guard let continuations = state.releasing.removeValue(forKey: ticket) else { continue }
                state.held[ticket] = nil
                waiting += continuations
            }
            return waiting
        }
        for continuation in waiting { continuation.resume() }
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
                // Leave out what was released since, and hold back the release of the rest until this is done.
                let current = state.withLock { state in
                    let current = works.filter { state.held[$0.key] != nil }
                    state.extending.formUnion(current.map(\.key))
                    return current
                }
                guard let queue = current.first?.value.queue else { continue }
                defer { finishExtending(current.map(\.key)) }
                do { try await queue.extendVisibility(current.map(\.value.leased)) } catch {
                    if Task.isCancelled { return }
                    logger.warning("could not extend leases", metadata: ["queue": "\(queue.name)", "count": "\(current.count)", "error": "\(error)"])
                }
            }
        }
    }
}
