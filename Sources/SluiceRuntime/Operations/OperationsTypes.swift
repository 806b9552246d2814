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
        case lagThreshold = "lag_threshold"
        case lastError = "last_error"
        case latency
        case hopLatency = "hop_latency"
        case steps
    }
}

/// Whether Sluice can do its work (`GET /readyz`).
public struct Readiness: Sendable, Codable, Equatable {
    /// Connections are up and every pipeline runs (or is paused on purpose).
    public var ready: Bool
    /// Ready, but a consumer lags past its threshold or a circuit breaker is open.
    public var degraded: Bool
    /// Why it is not ready or degraded, one line each.
    public var reasons: [String]

    public init(ready: Bool, degraded: Bool = false, reasons: [String] = []) {
        self.ready = ready
        self.degraded = degraded
        self.reasons = reasons
    }
}

/// The result of `POST /ingest/{pipeline}`: what was accepted and which lines were not.
public struct IngestOutcome: Sendable, Codable, Equatable {
    /// One rejected line of the body.
    public struct LineError: Sendable, Codable, Equatable {
        /// 1-based line number in the body.
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    public var accepted: Int
    public var rejected: [LineError]

    public init(accepted: Int, rejected: [LineError] = []) {
        self.accepted = accepted
        self.rejected = rejected
    }
}

/// A search in an embedded index (`GET /search?index=&q=&limit=&offset=`).
public struct SearchQuery: Sendable, Equatable {
    public var index: String
    public var query: String
    public var limit: Int
    public var offset: Int

    public init(index: String, query: String, limit: Int = 10, offset: Int = 0) {
        self.index = index
        self.query = query
        self.limit = limit
        self.offset = offset
    }
}

/// Search results, best first.
public struct SearchResponse: Sendable, Codable, Equatable {
    /// One matching document.
    public struct Hit: Sendable, Codable, Equatable {
        public var id: String
        /// Relevance; higher is better.
        public var score: Double
        public var version: Int64
        /// The stored document, as JSON text.
        public var document: String

        public init(id: String, score: Double, version: Int64, document: String) {
            self.id = id
            self.score = score
            self.version = version
            self.document = document
        }
    }

    public var index: String
    public var total: Int
    public var hits: [Hit]

    public init(index: String, total: Int, hits: [Hit]) {
        self.index = index
        self.total = total
        self.hits = hits
    }
}

/// A record that could not be delivered, with why (`GET /dlq`).
public struct DeadLetter: Sendable, Codable, Equatable {
    public var id: String
    public var pipeline: String
    /// The subject the record was on when it failed.
    public var subject: String
    public var reason: String
    /// How many times delivery was tried.
    public var deliveries: Int
    /// When it was dead-lettered (RFC 3339).
    public var failedAt: String
    /// The record as it was received (UTF-8 text, usually JSON).
    public var payload: String

    public init(id: String, pipeline: String, subject: String, reason: String, deliveries: Int, failedAt: String, payload: String) {
        self.id = id
        self.pipeline = pipeline
        self.subject = subject
        self.reason = reason
        self.deliveries = deliveries
        self.failedAt = failedAt
        self.payload = payload
    }

    enum CodingKeys: String, CodingKey {
        case id, pipeline, subject, reason, deliveries
        case failedAt = "failed_at"
        case payload
    }
}

/// Why an operations request failed; the HTTP server maps ``code`` to a status.
public struct OperationsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Kinds of failure; more may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// No such pipeline, index or dead letter (404).
        public static let notFound = Code("notFound")
        /// The request is malformed (400).
        public static let badRequest = Code("badRequest")
        /// The body is over the size limit (413).
        public static let tooLarge = Code("tooLarge")
        /// The pipeline is backed up; retry later (429).
        public static let backedUp = Code("backedUp")
        /// The pipeline cannot take this request, e.g. ingest to a pipeline without an HTTP source (409).
        public static let conflict = Code("conflict")
        /// Something failed inside (500).
        public static let `internal` = Code("internal")
        /// Not available now, e.g. not connected (503).
        public static let unavailable = Code("unavailable")
        public var description: String { name }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
