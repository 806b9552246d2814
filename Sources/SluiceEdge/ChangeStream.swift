import JetStream

/// The stream of tuple changes, `RSFGA_CHANGES` on `rsfga.changes.>`.
///
/// Limits retention, not a work queue: a work-queue stream refuses a second consumer whose filter overlaps another's,
/// and every edge needs its own copy of the changes of its stores. Interest retention would drop a change no consumer
/// was interested in when it arrived, so a store added to an edge later (or a new edge) could not be filled from the
/// stream; with limits the stream keeps a window of history (`max_bytes`, discarding the oldest) from which any edge
/// fills a store.
public struct ChangeStream: Sendable, Hashable {
    /// The stream's name. Default `RSFGA_CHANGES`.
    public var name: String = "RSFGA_CHANGES"
    /// The subjects' prefix. Default `rsfga.changes`.
    public var prefix: String = ChangeSubjects.defaultPrefix
    /// Replicas. Default 3.
    public var replicas: Int = 3
    /// The most bytes kept before the oldest changes are discarded. Default 100 GiB.
    public var maxBytes: Int64 = 100 * 1024 * 1024 * 1024
    /// The window in which a change published twice (same change id) is stored once. Default 2 minutes.
    public var duplicateWindow: Duration = .seconds(120)
    /// The cluster to place it in (the central one); `nil` lets the server choose.
    public var placementCluster: String?

    /// The defaults.
    public init() {}

    /// The stream's configuration: file storage, discard old.
    public var config: StreamConfig {
        var config = StreamConfig(name: name, subjects: ["\(prefix).>"])
        config.retention = .limits
        config.storage = .file
        config.replicas = replicas
        config.maxBytes = maxBytes
        config.duplicateWindow = duplicateWindow
        config.discard = .old
        if let placementCluster { config.placement = Placement(cluster: placementCluster) }
        return config
    }

    /// Creates the stream, or updates it to this configuration.
    ///
    /// Just after a cluster starts, its servers may not all count as online yet, so the replicas cannot be placed
    /// (``JetStreamErrorCode/noSuitablePeers``, ``JetStreamErrorCode/clusterNotAvailable``); that is tried again for up
    /// to `waitingForPeers` before the error is thrown.
    @discardableResult
    public func ensure(in context: JetStreamContext, waitingForPeers: Duration = .seconds(30)) async throws -> StreamInfo {
        let deadline = ContinuousClock.now + waitingForPeers
        while true {
            do {
                return try await context.createOrUpdateStream(config)
            } catch let error as JetStreamError
                where (error.errorCode == .noSuitablePeers || error.errorCode == .clusterNotAvailable) && ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}
