import Logging
import Synchronization

/// One running pipeline: its ingest stage (when the source runs in this process), its deliver stage, its
/// counters and its state for the operations API.
final class Pipeline: Sendable {
    let config: PipelineConfig
    let binding: TransportBinding
    let transport: any Transport
    let source: (any RecordSource)?
    let deliver: DeliverStage
    let counters: PipelineCounters
    let gate: PauseGate
    let logger: Logger
    private let state = Mutex<PipelineStatus.State>(.starting)
    private let lastError: ErrorSlot
    private let lag = Mutex<Int?>(nil)
    private let stopping = Atomic<Bool>(false)
    private let ingestDone = Atomic<Bool>(false)

    init(config: PipelineConfig, transport: any Transport, source: (any RecordSource)?, sink: any RecordSink, logger: Logger) throws {
        self.config = config
        var binding = TransportBinding(pipeline: config.name, subject: config.transportSubject, deadLetterSubject: config.deadLetterSubject)
        if let stream = config.source.settings(as: JetStreamSourceConfig.self) { binding.input = .existingStream(stream) }
        self.binding = binding
        self.transport = transport
        self.source = source
        self.counters = PipelineCounters(pipeline: config.name)
        self.gate = PauseGate()
        self.logger = logger
        let processor = try RecordProcessor(config: config)
        let lastError = ErrorSlot()
        self.lastError = lastError
        self.deliver = DeliverStage(
            config: config,
            binding: binding,
            transport: transport,
            sink: sink,
            processor: processor,
            counters: counters,
            gate: gate,
            logger: logger,
            reportError: { lastError.set($0) }
        )
    }

    /// Runs both stages until ``stop()`` (then drains) or cancellation.
    func run() async throws {
        state.withLock { if $0 == .starting { $0 = .running } }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let source {
                    let ingest = IngestStage(config: config, transport: transport, source: source, counters: counters, gate: gate, logger: logger)
                    group.addTask {
                        try await ingest.run { self.stopping.load(ordering: .relaxed) }
                        self.ingestDone.store(true, ordering: .relaxed)
                    }
                }
                group.addTask {
                    try await self.deliver.run { self.stopping.load(ordering: .relaxed) }
                }
                try await group.waitForAll()
            }
            state.withLock { $0 = .stopped }
        } catch {
            state.withLock { $0 = Task.isCancelled ? .stopped : .failed }
            lastError.set("\(error)")
            throw error
        }
    }

    /// Starts a drain: the source stops reading, its batches are published and checkpointed, the deliver stage
    /// settles what it holds and stops fetching.
    func stop() {
        state.withLock { if $0 != .failed { $0 = .draining } }
        stopping.store(true, ordering: .relaxed)
        gate.resume()
    }

    /// Whether the files source has read everything.
    var sourceFinished: Bool { ingestDone.load(ordering: .relaxed) }

    func pause() {
        gate.pause()
        state.withLock { if $0 == .running || $0 == .starting { $0 = .paused } }
    }

    func resume() {
        state.withLock { if $0 == .paused { $0 = .running } }
        gate.resume()
    }

    /// Asks the transport how far behind the consumer is, and reports it.
    func refreshLag() async {
        guard let pending = try? await transport.pending(binding) else { return }
        lag.withLock { $0 = pending }
        counters.recordLag(pending)
    }

    var status: PipelineStatus {
        PipelineStatus(
            name: config.name,
            state: state.withLock { $0 },
            source: config.source.kind,
            sink: config.sink.kind,
            searchIndex: config.sink.searchIndex,
            counters: counters.snapshot,
            lag: lag.withLock { $0 },
            lagThreshold: config.lagThreshold,
            lastError: lastError.value,
            latency: counters.endToEnd.summary,
            hopLatency: counters.hop.summary,
            steps: config.steps.steps.isEmpty ? nil : config.steps
        )
    }
}

/// The last error of a pipeline, shared with its stages.
final class ErrorSlot: Sendable {
    private let storage = Mutex<String?>(nil)
    func set(_ error: String?) { storage.withLock { $0 = error } }
    var value: String? { storage.withLock { $0 } }
}
