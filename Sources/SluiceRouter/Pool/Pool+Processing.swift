import Logging

extension Pool {
    /// Delivers one message until it is delivered, dead-lettered or the task is cancelled (then its lease
    /// runs out and the queue delivers it again).
    func process(_ work: Pool.Work) async {
        let message = work.leased.message
        let origin = HTTPDeliverer.origin(of: message.target)
        let instruments = metrics.instruments(origin: origin)
        var attempts = 0
        while !Task.isCancelled {
            let configuration = configuration
            await permits.acquire()
            let pause = bucketReserve()
            if pause > .zero {
                statistics.waitedForRateLimit()
                metrics.waitedForRateLimit()
                do { try await Task.sleep(for: pause) } catch {
                    permits.release()
                    return
                }
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
                await settle { try await work.queue.ack(work.leased) }
                return
            case .rejected(let status, let body):
                await deadLetter(work, reason: "HTTP \(status)", status: status, body: body, attempts: attempts + 1)
                instruments.deadLettered.increment()
                return
            case .retry(let reason, let status, let after, let counts):
                if counts { attempts += 1 }
                if counts && attempts >= configuration.maxAttempts {
                    await deadLetter(work, reason: "\(reason) after \(attempts) tries", status: status, body: nil, attempts: attempts)
                    instruments.deadLettered.increment()
                    return
                }
                if counts {
                    statistics.retried()
                    instruments.retried.increment()
                }
                let delay = after ?? configuration.retry.delay(forAttempt: attempts)
                guard await wait(delay, keepingLeaseOf: work) else { return }
            }
        }
    }

    /// Sleeps `delay`, extending the message's lease every ``leaseRenewal`` and once at the end; `false`
    /// when cancelled.
    private func wait(_ delay: Duration, keepingLeaseOf work: Pool.Work) async -> Bool {
        var remaining = delay
        repeat {
            let step = min(remaining, leaseRenewal)
            do { try await Task.sleep(for: step) } catch { return false }
            remaining -= step
            await settle { try await work.queue.extendVisibility(work.leased) }
        } while remaining > .zero
        return true
    }

    /// Sends the message to the dead letters and removes it from its queue.
    private func deadLetter(_ work: Pool.Work, reason: String, status: Int?, body: String?, attempts: Int) async {
        statistics.deadLettered()
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
