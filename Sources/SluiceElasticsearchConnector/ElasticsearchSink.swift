import Logging
import SluiceCore
import SluiceElasticsearch
import SluiceRuntime
import Synchronization

/// Bulk-writes envelopes into Elasticsearch or OpenSearch: index and update events as index actions, delete events
/// as deletes, all with `version_type=external` and the envelope's version, so replays and out-of-order deliveries
/// never regress a document (a stale item answers 409 and counts as delivered).
///
/// Per item: 2xx and 409 are delivered; 400-class mapping and parse errors are rejected (to the DLQ with the
/// server's reason); 429 and 5xx make the whole write throw, so the message is delivered again with the backoff
/// (items already written then answer 409) and dead-lettered past max deliver. A request that fails because the
/// target is down or overloaded throws ``SinkUnavailable``: retried without limit, never dead-lettered. Consecutive
/// failed requests open a circuit breaker: the pipeline stops fetching while it is open, `/readyz` says so, and a
/// probe write closes it again.
final class ElasticsearchSink: RecordSink {
    let client: ElasticsearchClient
    let config: ElasticsearchSinkConfig
    let logger: Logger
    private let breaker: Mutex<CircuitBreaker<ContinuousClock.Instant>>
    private let lastFailure = Mutex<String?>(nil)

    init(client: ElasticsearchClient, config: ElasticsearchSinkConfig, logger: Logger) throws {
        self.client = client
        self.config = config
        self.logger = logger
        let configuration = try CircuitBreaker<ContinuousClock.Instant>.Configuration(
            failureThreshold: config.breakerFailures,
            openDuration: config.breakerCooldown
        )
        self.breaker = Mutex(CircuitBreaker(configuration: configuration))
    }

    func prepare() async throws {
        for (name, body) in config.indices.sorted(by: { $0.key < $1.key }) {
            let index = config.indexPrefix + name
            if try await client.createIndexIfMissing(index, body: body) {
                logger.info("created index", metadata: ["index": "\(index)"])
            }
        }
    }

    var availability: SinkAvailability {
        let now = ContinuousClock.now
        switch breaker.withLock({ $0.state(at: now) }) {
        case .closed, .halfOpen: return .available
        case .open(let until):
            return .unavailable(until: until, reason: "the Elasticsearch circuit breaker is open: \(lastFailure.withLock { $0 } ?? "writes failed")")
        }
    }

    func write(_ records: [SinkRecord]) async throws -> [SinkResult] {
        let permit: CircuitBreaker<ContinuousClock.Instant>.Permit
        switch breaker.withLock({ $0.acquire(now: .now) }) {
        case .allowed(let granted): permit = granted
        case .rejected: throw SinkUnavailable(reason: availabilityReason)
        }
        var bulk = BulkRequest(capacity: records.count * 512)
        for record in records {
            let envelope = record.envelope
            let index = config.targetIndex(for: envelope.resourceType)
            if envelope.operation == .delete {
                bulk.delete(index: index, id: envelope.resourceID, version: envelope.version)
            } else {
                bulk.index(index: index, id: envelope.resourceID, version: envelope.version, source: envelope.payload.serialized())
            }
        }
        let response: BulkResponse
        do {
            response = try await client.bulk(bulk, refresh: config.refresh ? .waitFor : .none)
        } catch {
            fail("bulk request failed: \(error)", permit: permit)
            // The target is down or overloaded (what the client retries): not the records' fault, so no DLQ.
            if let error = error as? ElasticsearchError, error.isRetryable || error.code == .connection || error.code == .timeout {
                throw SinkUnavailable(reason: "bulk request failed: \(error)")
            }
            throw error
        }
        var results: [SinkResult] = []
        results.reserveCapacity(records.count)
        var retryable: BulkItem?
        for item in response.items {
            switch item.outcome {
            case .success, .conflict: results.append(.delivered)
            case .permanent: results.append(.rejected("\(item.status) \(item.error.map { "\($0)" } ?? "rejected")"))
            case .retryable:
                retryable = retryable ?? item
                results.append(.delivered)
            }
        }
        guard results.count == records.count else {
            fail("bulk answered \(results.count) items for \(records.count)", permit: permit)
            throw BulkItemsFailed(reason: "bulk answered \(results.count) items for \(records.count) actions")
        }
        breaker.withLock { $0.record(.success, for: permit, now: .now) }
        if let retryable {
            // The request went through but an item did not: retried with the backoff, and past max deliver dead-lettered.
            let reason = "\(retryable.status) \(retryable.error.map { "\($0)" } ?? "retryable") for \(retryable.index)/\(retryable.id)"
            throw BulkItemsFailed(reason: "the target refused items for now: \(reason)")
        }
        return results
    }

    private var availabilityReason: String {
        if case .unavailable(_, let reason) = availability { return reason }
        return "the Elasticsearch circuit breaker is probing"
    }

    private func fail(_ reason: String, permit: CircuitBreaker<ContinuousClock.Instant>.Permit) {
        lastFailure.withLock { $0 = reason }
        breaker.withLock { $0.record(.failure, for: permit, now: .now) }
    }
}

/// Some items of a bulk failed in a way that may pass (429, 5xx per item).
struct BulkItemsFailed: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
