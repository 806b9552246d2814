import Logging

extension Pool {
    /// How one message left the pool.
    enum Settlement: Sendable {
        /// Delivered or dead-lettered (or the task was cancelled, and its lease runs out).
        case done
        /// Handed back to its queue for a retry: it comes back as a new delivery after `delay`.
        case handedBack(id: String, delay: Duration)
    }

    /// Tries one delivery of a message, then acknowledges it, dead-letters it, or hands it back to its queue for
    /// a retry after the wait its schedule (or the receiver's `Retry-After`) asks for.
    ///
    /// The try's number is the queue's delivery count, so the schedule and `max_attempts` hold across restarts of
    /// the router. A queue that does not take retries back (``QueueConsumer/handsBackRetries``) keeps the message
    /// leased while it waits here (``LeaseKeeper`` extends it), and the tries of one delivery are counted here on top
    /// of the queue's count. A target whose circuit breaker is open is not tried: the message waits here without
    /// using up a try. While the pool drains, a message that has not started its try goes back to its queue instead
    /// (after what is left of its wait, if it was waiting for a retry).
    func process(_ work: Pool.Work) async -> Settlement {
        let message = work.leased.message
        let origin = DeliveryTarget.parsed(message.target)?.origin ?? message.target
        let instruments = metrics.instruments(origin: origin)
        var attempt = work.leased.deliveryCount
        while !Task.isCancelled {
            if isDraining { return await handBack(work, after: .zero) }
            let configuration = configuration
            await permits.acquire()
            let pause = bucketReserve()
            if pause > .zero {
                statistics.waitedForRateLimit()
                metrics.waitedForRateLimit()
                guard await wait(pause) else {
                    permits.release()
                    return isDraining ? await handBack(work, after: .zero) : .done
                }
            }
            if isDraining {
                permits.release()
                return await handBack(work, after: .zero)
            }
            statistics.started()
            instruments.inFlight.increment()
            let started = ContinuousClock.now
            let outcome = await deliverer.deliver(message, timeout: configuration.timeout)
            let elapsed = ContinuousClock.now - started
            instruments.inFlight.decrement()
            statistics.finished()
            permits.release()
            switch outcome {
            case .delivered:
                statistics.delivered(after: elapsed)
                instruments.delivered.increment()
                instruments.latency.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
                await leases.release(work.ticket)
                await settle { try await work.queue.ack(work.leased) }
                return .done
            case .rejected(let status, let body):
                await deadLetter(work, reason: "HTTP \(status)", status: status, body: body, attempts: attempt)
                instruments.deadLettered.increment()
                return .done
            case .undeliverable(let reason):
                await deadLetter(work, reason: reason, status: nil, body: nil, attempts: attempt)
                instruments.deadLettered.increment()
                return .done
            case .retry(_, _, let after, false):
                let until = ContinuousClock.now + (after ?? .milliseconds(100))
                guard await wait(until - .now) else { return isDraining ? await handBack(work, after: until - .now) : .done }
            case .retry(let reason, let status, let after, true):
                if attempt >= configuration.maxAttempts {
                    await deadLetter(work, reason: "\(reason) after \(attempt) tries", status: status, body: nil, attempts: attempt)
                    instruments.deadLettered.increment()
                    return .done
                }
                statistics.retried()
                instruments.retried.increment()
                let delay = after ?? configuration.retry.delay(forAttempt: attempt)
                if work.queue.handsBackRetries {
                    await leases.release(work.ticket)
                    await settle { try await work.queue.nak(work.leased, delay: delay) }
                    return .handedBack(id: message.id, delay: delay)
                }
                let until = ContinuousClock.now + delay
                guard await wait(delay) else { return isDraining ? await handBack(work, after: until - .now) : .done }
                attempt += 1
            }
        }
        return .done
    }

    /// Waits `duration`, in steps short enough to notice a drain; `false` when the task was cancelled or the pool
    /// began to drain first.
    private func wait(_ duration: Duration) async -> Bool {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            if Task.isCancelled || isDraining { return false }
            try? await Task.sleep(for: min(deadline - .now, .milliseconds(50)))
        }
        return !Task.isCancelled && !isDraining
    }

    /// Gives a message that has not started a try back to its queue, to be delivered again after `delay` (at once
    /// when zero), by this router or another.
    private func handBack(_ work: Pool.Work, after delay: Duration) async -> Settlement {
        await leases.release(work.ticket)
        await settle { try await work.queue.nak(work.leased, delay: max(delay, .zero)) }
        return .done
    }

    /// Sends the message to the dead letters and removes it from its queue.
    private func deadLetter(_ work: Pool.Work, reason: String, status: Int?, body: String?, attempts: Int) async {
        await leases.release(work.ticket)
        let dead = DeadLetterHeader.mark(work.leased.message, reason: reason, status: status, body: body, attempts: attempts)
        logger.warning(
            "dead-lettered a message",
            metadata: ["pool": "\(code)", "id": "\(dead.id)", "reason": "\(reason)", "target": "\(dead.target)"]
        )
        do {
            try await deadLetters.send([dead])
        } catch {
            // Leave the message leased: it comes back when the lease runs out and is tried again.
            logger.error("could not store a dead letter", metadata: ["pool": "\(code)", "id": "\(dead.id)", "error": "\(error)"])
            return
        }
        statistics.deadLettered()
        await settle { try await work.queue.ack(work.leased) }
    }

    /// Runs a queue operation, logging a failure: the lease then runs out and the message comes again. It runs in
    /// a task of its own so that stopping the router does not cancel the acknowledgement of a delivered message.
    private func settle(_ operation: @escaping @Sendable () async throws -> Void) async {
        do { try await Task { try await operation() }.value } catch {
            logger.warning("queue operation failed", metadata: ["pool": "\(code)", "error": "\(error)"])
        }
    }
}
