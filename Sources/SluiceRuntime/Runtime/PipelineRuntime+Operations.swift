import NIOCore
import SluiceCore

extension PipelineRuntime {
    public func pipelineStatuses() async -> [PipelineStatus] {
        pipelines.map(\.status)
    }

    public func pipelineStatus(named name: String) async -> PipelineStatus? {
        pipelines.first { $0.config.name == name }?.status
    }

    public func pause(pipeline name: String) async throws(OperationsError) {
        try pipeline(name).pause()
    }

    public func resume(pipeline name: String) async throws(OperationsError) {
        try pipeline(name).resume()
    }

    public func readiness() async -> Readiness {
        var reasons: [String] = []
        var degraded: [String] = []
        reasons += transport.readinessProblems
        for status in pipelines.map(\.status) {
            switch status.state {
            case .running, .paused: break
            case .starting: reasons.append("pipeline \(status.name) is starting")
            case .draining, .stopped: reasons.append("pipeline \(status.name) is \(status.state.rawValue)")
            case .failed: reasons.append("pipeline \(status.name) failed: \(status.lastError ?? "unknown error")")
            }
            if let lag = status.lag, let threshold = status.lagThreshold, lag > threshold {
                degraded.append("pipeline \(status.name) lags by \(lag) messages (threshold \(threshold))")
            }
        }
        for pipeline in pipelines {
            if case .unavailable(_, let reason) = pipeline.deliver.sink.availability {
                degraded.append("pipeline \(pipeline.config.name): \(reason)")
            }
        }
        return Readiness(ready: reasons.isEmpty, degraded: !degraded.isEmpty, reasons: reasons + degraded)
    }

    public func ingest(pipeline name: String, body: ByteBuffer) async throws(OperationsError) -> IngestOutcome {
        _ = try pipeline(name)
        guard let ingest = ingests[name] else {
            throw OperationsError(.conflict, "pipeline \(name) does not take HTTP ingest (its source is not type: http)")
        }
        return try await ingest.ingest(body)
    }

    public func search(_ query: SearchQuery) async throws(OperationsError) -> SearchResponse {
        guard let searchProvider else { throw OperationsError(.notFound, "this Sluice keeps no search index") }
        return try await searchProvider.search(query)
    }

    public func deadLetters(pipeline: String?, limit: Int, cursor: String?) async throws(OperationsError) -> DeadLetterPage {
        if let pipeline { _ = try self.pipeline(pipeline) }
        do {
            return try await transport.deadLetters(pipeline: pipeline, limit: max(1, limit), cursor: cursor)
        } catch {
            throw OperationsError(error.code == .invalidArgument ? .badRequest : .unavailable, error.message)
        }
    }

    public func deadLetter(id: String) async throws(OperationsError) -> DeadLetter? {
        do {
            return try await transport.deadLetter(id: id)
        } catch {
            throw OperationsError(.unavailable, error.message)
        }
    }

    /// Publishes each dead letter, one record per message, to its pipeline's transport subject, and removes it once
    /// it is published: a failure leaves the letters not yet sent where they were.
    public func replayDeadLetters(pipeline: String?, ids: [String]?) async throws(OperationsError) -> Int {
        if let pipeline { _ = try self.pipeline(pipeline) }
        var chosen: [DeadLetter]?
        if let ids {
            var letters: [DeadLetter] = []
            var missing: [String] = []
            for id in ids {
                if let letter = try await deadLetter(id: id), pipeline == nil || letter.pipeline == pipeline {
                    letters.append(letter)
                } else {
                    missing.append(id)
                }
            }
            // As the API promises: an id that names no dead letter is a 404, and nothing is replayed.
            if !missing.isEmpty { throw OperationsError(.notFound, "no dead letter with id \(missing.joined(separator: ", "))") }
            chosen = letters
        }
        let scope = Set(chosen.map { $0.map(\.pipeline) } ?? pipeline.map { [$0] } ?? pipelines.map(\.config.name))
        let taken: DeadLetterReplayClaim?
        do {
            taken = try await DeadLetterReplayClaim.take(scope, on: transport)
        } catch {
            throw OperationsError(.unavailable, error.message)
        }
        guard var claim = taken else {
            throw OperationsError(.conflict, "the dead letters of \(scope.sorted().joined(separator: ", ")) are being replayed already")
        }
        do throws(OperationsError) {
            let replayed: Int
            if let chosen {
                replayed = try await replay(try await stillDead(chosen), claim: &claim)
            } else {
                var count = 0
                var cursor: String?
                repeat {
                    let page: DeadLetterPage
                    do {
                        page = try await transport.deadLetters(pipeline: pipeline, limit: 100, cursor: cursor)
                    } catch {
                        throw OperationsError(.unavailable, error.message)
                    }
                    count += try await replay(page.letters, claim: &claim)
                    cursor = page.nextCursor
                } while cursor != nil
                replayed = count
            }
            await claim.release()
            return replayed
        } catch {
            await claim.release()
            throw error
        }
    }

    /// Replays `letters` one by one; returns how many were removed. Renews `claim` as it goes; a claim that ran
    /// out and was taken by another replay meanwhile stops it with a conflict.
    private func replay(_ letters: [DeadLetter], claim: inout DeadLetterReplayClaim) async throws(OperationsError) -> Int {
        var replayed = 0
        for letter in letters {
            let held: Bool
            do {
                held = try await claim.renewIfDue()
                if held { replayed += try await replay(letter) }
            } catch {
                throw OperationsError(.unavailable, error.message)
            }
            guard held else {
                let names = claim.pipelines.joined(separator: ", ")
                throw OperationsError(.conflict, "another replay took over the dead letters of \(names) after \(replayed) were replayed")
            }
        }
        return replayed
    }

    /// Those of `letters` that are still dead letters: read before the claim was taken, some may have been sent by
    /// another replay since.
    private func stillDead(_ letters: [DeadLetter]) async throws(OperationsError) -> [DeadLetter] {
        var current: [DeadLetter] = []
        for letter in letters {
            do {
                if try await transport.deadLetter(id: letter.id) != nil { current.append(letter) }
            } catch {
                throw OperationsError(.unavailable, error.message)
            }
        }
        return current
    }

    /// Publishes one letter, then removes it; returns 1 when it was removed, 0 when it was gone already.
    private func replay(_ letter: DeadLetter) async throws(TransportError) -> Int {
        guard let target = pipelines.first(where: { $0.config.name == letter.pipeline }) else { return 0 }
        // A pipeline reading another stream gets the record back on its original subject there.
        let subject = target.binding.input.isExistingStream ? letter.subject : target.config.transportSubject
        try await transport.publish([
            TransportOutgoingMessage(
                subject: subject,
                payload: letter.rawPayload,
                // The deliveries so far travel with it, so that it comes back with one more if it fails again.
                headers: [SluiceHeader.batchCount: "1", SluiceHeader.deliveries: String(letter.deliveries)],
                // Published again after a failure to remove it, it is stored once within the duplicate window.
                messageID: "\(letter.pipeline)/dead-letter/\(letter.id)"
            )
        ])
        return try await transport.takeDeadLetters(pipeline: nil, ids: [letter.id]).count
    }

    public func purgeDeadLetters(pipeline: String?) async throws(OperationsError) -> Int {
        if let pipeline { _ = try self.pipeline(pipeline) }
        do {
            return try await transport.takeDeadLetters(pipeline: pipeline, ids: nil).count
        } catch {
            throw OperationsError(.unavailable, error.message)
        }
    }

    func pipeline(_ name: String) throws(OperationsError) -> Pipeline {
        guard let pipeline = pipelines.first(where: { $0.config.name == name }) else {
            throw OperationsError(.notFound, "no pipeline named \(name)")
        }
        return pipeline
    }
}
