import SluiceCore

/// A pipeline as the operations API shows it (`GET /pipelines`).
public struct PipelineStatus: Sendable, Codable, Equatable {
    /// Lifecycle state of a pipeline.
    public enum State: String, Sendable, Codable {
        case starting, running, paused, draining, stopped, failed
    }

    /// Records counted since start.
    public struct Counters: Sendable, Codable, Equatable {
        public var recordsIn: Int
        public var recordsOut: Int
        public var recordsFailed: Int
        public var recordsDeadLettered: Int
        /// Records a filter left out (acknowledged, not delivered).
        public var recordsFiltered: Int

        public init(recordsIn: Int = 0, recordsOut: Int = 0, recordsFailed: Int = 0, recordsDeadLettered: Int = 0, recordsFiltered: Int = 0) {
            self.recordsIn = recordsIn
            self.recordsOut = recordsOut
            self.recordsFailed = recordsFailed
            self.recordsDeadLettered = recordsDeadLettered
            self.recordsFiltered = recordsFiltered
        }

        enum CodingKeys: String, CodingKey {
            case recordsIn = "records_in"
            case recordsOut = "records_out"
            case recordsFailed = "records_failed"
            case recordsDeadLettered = "records_dlq"
            case recordsFiltered = "records_filtered"
        }
    }

    /// End-to-end latency since start: from the source receiving a record to the sink confirming it.
    public struct Latency: Sendable, Codable, Equatable {
        /// Records measured.
        public var records: Int
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double
        public var maxMilliseconds: Double

        public init(records: Int, p50Milliseconds: Double, p99Milliseconds: Double, maxMilliseconds: Double) {
            self.records = records
            self.p50Milliseconds = p50Milliseconds
            self.p99Milliseconds = p99Milliseconds
            self.maxMilliseconds = maxMilliseconds
        }

        enum CodingKeys: String, CodingKey {
            case records
            case p50Milliseconds = "p50_ms"
            case p99Milliseconds = "p99_ms"
            case maxMilliseconds = "max_ms"
        }
    }

    public var name: String
    public var state: State
    /// The source kind (`files`, `http`, …).
    public var source: String
    /// The sink kind (`search_index`, `publish`, …).
    public var sink: String
    /// The index `GET /search` finds this pipeline's records in, when its sink writes to one.
    public var searchIndex: String?
    public var counters: Counters
    /// Messages waiting in the transport for this pipeline's consumer, when known.
    public var lag: Int?
    /// The lag past which `/readyz` reports the pipeline degraded.
    public var lagThreshold: Int?
    /// The last error, if the pipeline failed or keeps retrying.
    public var lastError: String?
    /// End-to-end latency of the records delivered so far; `nil` before the first.
    public var latency: Latency?
    /// This pipeline's own hop: from the transport storing a message to the sink confirming it.
    public var hopLatency: Latency?
    /// The filters and transforms, as configured (`filters:` and `transforms:` items in order).
    public var steps: PipelineSteps?

    public init(
        name: String,
        state: State,
        source: String,
        sink: String,
        searchIndex: String? = nil,
        counters: Counters = Counters(),
        lag: Int? = nil,
        lagThreshold: Int? = nil,
        lastError: String? = nil,
        latency: Latency? = nil,
        hopLatency: Latency? = nil,
        steps: PipelineSteps? = nil
    ) {
        self.name = name
        self.state = state
        self.source = source
        self.sink = sink
        self.searchIndex = searchIndex
        self.counters = counters
        self.lag = lag
        self.lagThreshold = lagThreshold
        self.lastError = lastError
        self.latency = latency
        self.hopLatency = hopLatency
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey {
        case name, state, source, sink, counters, lag
        case searchIndex = "search_index"
        case lagThreshold = "lag_threshold"
        case lastError = "last_error"
        case latency
        case hopLatency = "hop_latency"
        case steps
    }
}
