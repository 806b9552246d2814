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

    public func deadLetters(pipeline: String?, limit: Int) async throws(OperationsError) -> [DeadLetter] {
        if let pipeline { _ = try self.pipeline(pipeline) }
        do {
            return try await transport.deadLetters(pipeline: pipeline, limit: max(1, limit))
        } catch {
            throw OperationsError(.unavailable, error.message)
        }
    }

    public func deadLetter(id: String) async throws(OperationsError) -> DeadLetter? {
        do {
            return try await transport.deadLetter(id: id)
        } catch {
            throw OperationsError(.unavailable, error.message)
        }
    }

    /// Publishes each dead letter, one record per message, to its pipeline's transport subject, then removes it.
    public func replayDeadLetters(pipeline: String?, ids: [String]?) async throws(OperationsError) -> Int {
        if let pipeline { _ = try self.pipeline(pipeline) }
        var letters: [DeadLetter]
        do {
            letters = try await transport.deadLetters(pipeline: pipeline, limit: .max)
        } catch {
            throw OperationsError(.unavailable, error.message)
        }
        if let ids {
            let wanted = Set(ids)
            letters = letters.filter { wanted.contains($0.id) }
            // As the API promises: an id that names no dead letter is a 404, and nothing is replayed.
            let found = Set(letters.map(\.id))
            let missing = ids.filter { !found.contains($0) }
            if !missing.isEmpty { throw OperationsError(.notFound, "no dead letter with id \(missing.joined(separator: ", "))") }
        }
        do {
            var replayed: [String] = []
            for letter in letters {
                guard let target = pipelines.first(where: { $0.config.name == letter.pipeline }) else { continue }
                // A pipeline reading another stream gets the record back on its original subject there.
                let subject = target.binding.input.isExistingStream ? letter.subject : target.config.transportSubject
                try await transport.publish([
                    TransportOutgoingMessage(
                        subject: subject,
                        payload: ByteBuffer(string: letter.payload),
                        // The deliveries so far travel with it, so that it comes back with one more if it fails again.
                        headers: [SluiceHeader.batchCount: "1", SluiceHeader.deliveries: String(letter.deliveries)]
                    )
                ])
                replayed.append(letter.id)
            }
            if replayed.isEmpty { return 0 }
            return try await transport.takeDeadLetters(pipeline: pipeline, ids: replayed).count
        } catch {
            throw OperationsError(.unavailable, error.message)
        }
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
