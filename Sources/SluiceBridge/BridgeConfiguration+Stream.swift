import JetStream

extension BridgeConfiguration {
    /// Makes sure ``streamName`` exists and stores the environment's subjects with a duplicate window of at least
    /// ``duplicateWindow``: creates it when missing, widens its subjects or window when they fall short, and leaves
    /// every other setting of an existing stream alone.
    @discardableResult
    public func ensureStream(_ context: JetStreamContext) async throws -> StreamInfo {
        try validate()
        let subjects = streamSubjects
        do {
            let info = try await context.streamInfo(streamName)
            var config = info.config
            let missing = subjects.filter { !config.subjects.contains($0) }
            let window = config.duplicateWindow ?? .zero
            guard !missing.isEmpty || window < duplicateWindow else { return info }
            config.subjects += missing
            config.duplicateWindow = max(window, duplicateWindow)
            return try await context.updateStream(config)
        } catch let error as JetStreamError where error.errorCode == .streamNotFound {
            var config = StreamConfig(name: streamName, subjects: subjects)
            config.duplicateWindow = duplicateWindow
            do {
                return try await context.createStream(config)
            } catch let error as JetStreamError where error.errorCode == .streamNameInUse {
                // Another process created it in between.
                return try await context.streamInfo(streamName)
            }
        }
    }

    /// `{env}.data.sync.>`, and the DLQ subject when it was moved outside it.
    var streamSubjects: [String] {
        let subjects = BridgeSubjects(self)
        if dlqSubject.hasPrefix("\(env).data.sync.") { return [subjects.stream] }
        return [subjects.stream, dlqSubject]
    }
}
