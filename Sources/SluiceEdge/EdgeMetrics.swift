import Metrics
import Synchronization

/// The agent's metrics (swift-metrics, so whichever backend the program bootstraps serves them), and the same counts
/// kept here for `/readyz`, the control subject and tests.
final class EdgeMetrics: Sendable {
    let connected = Gauge(label: "nats_connected")
    let lag = Gauge(label: "nats_consumer_lag")
    let pending = Gauge(label: "jetstream_consumer_pending")
    let received = Counter(label: "nats_messages_received_total")
    let acks = Counter(label: "jetstream_consumer_ack_total")
    let naks = Counter(label: "jetstream_consumer_nak_total")
    let applied = Counter(label: "edge_changes_applied_total")
    let duplicates = Counter(label: "edge_changes_duplicate_total")
    let deadLetters = Counter(label: "edge_dead_letters_total")
    let retries = Counter(label: "edge_change_retries_total")
    let latency = Timer(label: "nats_message_latency_seconds")

    private let counts = Mutex(EdgeCounts())

    /// The counts so far.
    var snapshot: EdgeCounts { counts.withLock { $0 } }

    func record(applied: Int, duplicates: Int) {
        self.applied.increment(by: applied)
        self.duplicates.increment(by: duplicates)
        counts.withLock {
            $0.applied += applied
            $0.duplicates += duplicates
        }
    }

    func recordAcks(_ count: Int) {
        acks.increment(by: count)
        counts.withLock { $0.acks += count }
    }

    func recordNak() {
        naks.increment()
        counts.withLock { $0.naks += 1 }
    }

    func recordRetry() {
        retries.increment()
        counts.withLock { $0.retries += 1 }
    }

    func recordDeadLetter() {
        deadLetters.increment()
        counts.withLock { $0.deadLetters += 1 }
    }
}

/// What an agent has done since it started.
public struct EdgeCounts: Sendable, Hashable, Codable {
    /// Changes applied to the store.
    public var applied = 0
    /// Deliveries of changes already applied (recognised by their stream sequence, not applied again).
    public var duplicates = 0
    /// Messages acknowledged.
    public var acks = 0
    /// Messages negatively acknowledged (to be delivered again).
    public var naks = 0
    /// Changes put in the dead letters.
    public var deadLetters = 0
    /// Failed attempts to apply a change that were tried again.
    public var retries = 0

    enum CodingKeys: String, CodingKey {
        case applied, duplicates, acks, naks, retries
        case deadLetters = "dead_letters"
    }
}
