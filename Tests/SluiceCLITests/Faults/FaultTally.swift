import Foundation
import SluiceCore
import SluiceElasticsearch

/// The end state of a lane against its ledger: each accepted record indexed (its id holds its version or a newer
/// one), dead-lettered, or lost.
struct FaultTally: Sendable, CustomStringConvertible {
    var accepted = 0
    var indexed = 0
    var deadLettered = 0
    var lost = 0
    /// Ids whose document holds an older version than the newest accepted for it.
    var regressed = 0
    /// Dead letters of records that the index should have taken.
    var unexpectedLetters = 0
    var refused = 0
    var resent = 0

    /// Compares the index's documents and the dead letters with what the ledger says was accepted.
    init(ledger: FaultLedger, documents: [String: JSONValue], letters: Set<String>) {
        accepted = ledger.accepted
        refused = ledger.refused
        resent = ledger.resent
        for (id, versions) in ledger.versions {
            let held = documents[id]?["version"]?.intValue ?? 0
            for version in versions {
                if version <= held { indexed += 1 } else { lost += 1 }
            }
            if held > 0, held < versions.max()! { regressed += 1 }
            if letters.contains(id) { unexpectedLetters += 1 }
        }
        for id in ledger.poisoned {
            if letters.contains(id) { deadLettered += 1 } else { lost += 1 }
        }
    }

    init() {}

    static func + (a: FaultTally, b: FaultTally) -> FaultTally {
        var sum = FaultTally()
        sum.accepted = a.accepted + b.accepted
        sum.indexed = a.indexed + b.indexed
        sum.deadLettered = a.deadLettered + b.deadLettered
        sum.lost = a.lost + b.lost
        sum.regressed = a.regressed + b.regressed
        sum.unexpectedLetters = a.unexpectedLetters + b.unexpectedLetters
        sum.refused = a.refused + b.refused
        sum.resent = a.resent + b.resent
        return sum
    }

    var holds: Bool { accepted == indexed + deadLettered && lost == 0 && regressed == 0 && unexpectedLetters == 0 }

    var description: String {
        "records in \(accepted) = indexed \(indexed) + dead-lettered \(deadLettered); lost \(lost); versions regressed \(regressed)"
    }

    /// Every document of `index` by id.
    static func documents(_ client: ElasticsearchClient, index: String) async throws -> [String: JSONValue] {
        var documents: [String: JSONValue] = [:]
        var after: [JSONValue]?
        while true {
            var request = SearchRequest(indices: [index])
            request.size = 5000
            request.sort = [SortField("_id", .ascending)]
            request.searchAfter = after
            let page = try await client.search(request)
            for hit in page.hits { documents[hit.id] = hit.source }
            guard page.hits.count == 5000, let last = page.hits.last else { return documents }
            after = last.sort
        }
    }

    /// The record ids of every dead letter at `url` (`GET /dlq?pipeline=…`), read page by page; a letter's payload is
    /// the record as received, or the envelope a stream carried.
    static func deadLetterIDs(_ url: String) async throws -> Set<String> {
        var ids: Set<String> = []
        var cursor: String?
        repeat {
            let page = try await HTTP.get(url + "&limit=1000" + (cursor.map { "&cursor=\($0)" } ?? ""))
            guard page.status == 200, let json = page.json else { throw CLITestFailure("\(url): \(page.status) \(page.body)") }
            for letter in json["dead_letters"]?.arrayValue ?? [] {
                guard let text = letter["payload"]?.stringValue, let record = try? JSONValue.parse(Array(text.utf8)) else { continue }
                if let id = record["resource_id"]?.stringValue ?? record["id"]?.stringValue { ids.insert(id) }
            }
            cursor = json["next_cursor"]?.stringValue
        } while cursor != nil
        return ids
    }
}
