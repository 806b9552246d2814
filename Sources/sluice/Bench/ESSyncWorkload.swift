import Foundation
import NIOCore
import SluiceCore
import SluiceElasticsearch
import SluiceRuntime

/// The documents of `sluice bench es-sync`: about 300 bytes of JSON each, with an `updated_at` cursor a
/// millisecond apart, and the changes offered at a fixed rate.
struct ESSyncWorkload: Sendable {
    let docs: Int
    let batch: Int
    /// The first document's `updated_at`, in epoch milliseconds.
    private let base: Int64 = 1_790_000_000_000

    /// Document `number` as the source holds it after the load.
    func document(_ number: Int, updatedAt: Int64? = nil, title: String = "report") -> JSONValue {
        let words = ["river", "glacier", "harbour", "station", "market", "signal", "orchard", "quarry"]
        return .object([
            "title": .string("\(words[number % words.count]) \(title) \(number)"),
            "body": .string("Measured \(number % 997) units near the \(words[(number / 8) % words.count]); filed for review by the crew."),
            "count": .int(Int64(number)),
            "updated_at": .string(RFC3339.format(Date(timeIntervalSince1970: Double(updatedAt ?? base + Int64(number)) / 1000))),
        ])
    }

    /// Document `number` as the envelope a watch role would publish, ready for the transport (`Nats-Msg-Id` = its
    /// event id).
    func change(_ number: Int, subject: String) -> TransportOutgoingMessage {
        let envelope = Envelope(
            producer: "bench",
            resourceType: "docs",
            resourceID: "\(number)",
            eventType: "updated",
            version: 1,
            payload: document(number)
        )
        return TransportOutgoingMessage(subject: subject, payload: ByteBuffer(bytes: envelope.encoded()), messageID: envelope.eventID)
    }

    /// Loads every document into the source (not timed).
    func load(into client: ElasticsearchClient, index: String) async throws {
        try await client.createIndex(index, body: Self.mapping)
        for chunk in stride(from: 0, to: docs, by: batch) {
            var bulk = BulkRequest()
            for number in chunk..<min(chunk + batch, docs) { bulk.index(index: index, id: "\(number)", document: document(number)) }
            try Self.check(try await client.bulk(bulk))
        }
        try await client.refresh(index)
    }

    /// Bulk-loads every document straight into `index`, `concurrency` requests at a time, with external versions as
    /// the write role sends them; returns documents per second.
    func rawBulk(into client: ElasticsearchClient, index: String, concurrency: Int) async throws -> Double {
        try await client.createIndex(index, body: Self.mapping)
        let start = ContinuousClock.now
        let chunks = Array(stride(from: 0, to: docs, by: batch))
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func add() {
                guard next < chunks.count else { return }
                let chunk = chunks[next]
                next += 1
                group.addTask {
                    var bulk = BulkRequest()
                    for number in chunk..<min(chunk + batch, docs) {
                        bulk.index(index: index, id: "\(number)", version: 1, source: document(number).serialized())
                    }
                    try Self.check(try await client.bulk(bulk))
                }
            }
            for _ in 0..<concurrency { add() }
            while try await group.next() != nil { add() }
        }
        return Double(docs) / (ContinuousClock.now - start).seconds
    }

    /// Updates documents at `rate` per second for `seconds`, each with `updated_at` = now; returns how many.
    func offerChanges(to client: ElasticsearchClient, index: String, rate: Int, seconds: Int) async throws -> Int {
        let ticks = seconds * 10
        var sent = 0
        var next = ContinuousClock.now
        for tick in 0..<ticks {
            let due = rate * (tick + 1) / 10
            var bulk = BulkRequest()
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            for offset in sent..<due {
                bulk.index(index: index, id: "\(offset % docs)", document: document(offset % docs, updatedAt: now, title: "changed"))
            }
            if !bulk.isEmpty { try Self.check(try await client.bulk(bulk)) }
            sent = due
            next += .milliseconds(100)
            try await Task.sleep(until: next)
        }
        return sent
    }

    /// Whether every document of `sourceIndex` is in `targetIndex` with an equal source, and nothing more.
    static func compare(source: ElasticsearchClient, sourceIndex: String, target: ElasticsearchClient, targetIndex: String) async throws -> Bool {
        let expected = try await all(source, index: sourceIndex)
        let actual = try await all(target, index: targetIndex)
        return expected.count == actual.count && expected.allSatisfy { actual[$0.key] == $0.value }
    }

    private static func all(_ client: ElasticsearchClient, index: String) async throws -> [String: JSONValue] {
        var documents: [String: JSONValue] = [:]
        var after: [JSONValue]?
        while true {
            let page = try await client.search(SearchRequest(index: index, sort: [SortField("_id")], size: 5000, searchAfter: after))
            for hit in page.hits { documents[hit.id] = hit.source }
            guard page.hits.count == 5000, let last = page.hits.last else { return documents }
            after = last.sort
        }
    }

    private static let mapping: JSONValue = .object([
        "mappings": .object(["properties": .object(["updated_at": .object(["type": .string("date")]), "count": .object(["type": .string("long")])])])
    ])

    private static func check(_ response: BulkResponse) throws {
        if response.hasErrors, let failed = response.items.first(where: { $0.outcome != .success }) {
            throw BenchFailure("bulk failed: \(failed.status) \(failed.error.map { "\($0)" } ?? "")")
        }
    }
}
