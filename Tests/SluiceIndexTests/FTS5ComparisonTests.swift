import NATSTestSupport
import SluiceCore
import SluiceSQLite
import Testing

@testable import SluiceIndex

/// The segment index finds the same documents as the FTS5 index for generated term, AND, OR, NOT, phrase, prefix,
/// field, NEAR and `^` queries on one generated corpus (ranking may differ; the totals and the sets of ids may not).
struct FTS5ComparisonTests {
    static let vocabulary = [
        "river", "River", "rivers", "riverbank", "glacier", "GLACIER", "café", "cafe", "Über", "uber", "naïve", "lake",
        "valley", "delta", "alpha", "eu-north-1", "x_y", "42", "4.2", "don't", "north", "Straße", "ÆØ", "report",
    ]
    static let queryWords = [
        "river", "rivers", "glacier", "cafe", "café", "uber", "naive", "lake", "valley", "delta", "alpha", "north", "42",
        "x", "t", "straße", "æø", "report", "missing",
    ]
    static let fields = ["title", "body", "tags"]

    static func text(_ random: inout SeededRandom, words: ClosedRange<Int>) -> String {
        (0..<Int.random(in: words, using: &random)).map { _ in vocabulary.randomElement(using: &random)! }.joined(separator: " ")
    }

    static func query(_ random: inout SeededRandom, depth: Int = 0) -> String {
        func word() -> String { queryWords.randomElement(using: &random)! }
        func near() -> String {
            let phrases = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                switch Int.random(in: 0..<4, using: &random) {
                case 0: "\"\(word()) \(word())\""
                case 1: "\(word().prefix(2))*"
                default: word()
                }
            }
            let distance = Int.random(in: 0..<3, using: &random) == 0 ? "" : ", \(Int.random(in: 0...4, using: &random))"
            return "NEAR(\(phrases.joined(separator: " "))\(distance))"
        }
        switch Int.random(in: 0..<(depth > 1 ? 9 : 14), using: &random) {
        case 0, 1: return word()
        case 2: return "\"\(word()) \(word())\""
        case 3: return "\(word().prefix(Int.random(in: 1...3, using: &random)))*"
        case 4: return "\(fields.randomElement(using: &random)!): \(word())"
        case 5: return "eu-north-1"
        case 6: return near()
        case 7: return "\(fields.randomElement(using: &random)!): \(near())"
        case 8: return ["^\(word())", "^\"\(word()) \(word())\"", "body: ^\(word())"].randomElement(using: &random)!
        case 9: return "\(query(&random, depth: depth + 1)) \(query(&random, depth: depth + 1))"
        case 10: return "\(query(&random, depth: depth + 1)) AND \(query(&random, depth: depth + 1))"
        case 11: return "\(query(&random, depth: depth + 1)) OR \(query(&random, depth: depth + 1))"
        case 12: return "\(query(&random, depth: depth + 1)) NOT \(query(&random, depth: depth + 1))"
        default: return "(\(query(&random, depth: depth + 1)))"
        }
    }

    @Test func sameMatchesAsFTS5() async throws {
        var random = SeededRandom()
        let directory = try TestDirectory.make(prefix: "segment-vs-fts5")
        defer { TestDirectory.remove(directory) }
        var envelopes: [Envelope] = []
        for number in 0..<600 {
            var object = JSONObject()
            object["title"] = .string(Self.text(&random, words: 0...4))
            object["body"] = .string(Self.text(&random, words: 0...12))
            object["tags"] = .array((0..<Int.random(in: 0...2, using: &random)).map { _ in .string(Self.vocabulary.randomElement(using: &random)!) })
            envelopes.append(
                Envelope(
                    producer: "test",
                    resourceType: "docs",
                    resourceID: "d\(number % 500)",
                    eventType: number % 97 == 5 ? "deleted" : "updated",
                    version: Int64(number),
                    payload: .object(object)
                )
            )
        }
        var ftsConfiguration = SearchIndex.Configuration()
        ftsConfiguration.logger.logLevel = .error
        let fts = try await SearchIndex.open(path: "\(directory)/fts.sqlite", configuration: ftsConfiguration)
        try await fts.ensureIndex(SearchIndexDefinition(name: "docs", fields: Self.fields.map { SearchField($0) }))
        var configuration = SegmentIndex.Configuration()
        configuration.mergePolicy.segmentsPerTier = 3
        configuration.mergePolicy.floorDocuments = 20
        let segment = try SegmentIndex.open(
            directory: "\(directory)/segment",
            fields: Self.fields.map { IndexField($0) },
            configuration: configuration
        )
        for start in stride(from: 0, to: envelopes.count, by: 40) {
            let batch = Array(envelopes[start..<min(start + 40, envelopes.count)])
            _ = try await fts.apply(batch, to: "docs")
            _ = try await segment.apply(batch.map(Self.change))
        }
        try segment.merge()
        var compared = 0
        var matchedNear = 0
        var matchedAnchored = 0
        for _ in 0..<600 {
            let query = Self.query(&random)
            let expected: SearchResults
            do {
                expected = try await fts.search(index: "docs", query: query, limit: 1000)
            } catch {
                continue  // FTS5 refuses it (an FTS5-only rule, such as a phrase after NOT alone); not compared
            }
            let found = try await segment.search(query, limit: 1000)
            #expect(found.total == expected.total, "\(query) \(random)")
            #expect(Set(found.hits.map(\.id)) == Set(expected.hits.map(\.id)), "\(query) \(random)")
            compared += 1
            if expected.total > 0 && query.contains("NEAR(") { matchedNear += 1 }
            if expected.total > 0 && query.contains("^") { matchedAnchored += 1 }
        }
        #expect(compared > 450)
        #expect(matchedNear > 20, "NEAR groups that match something were compared")
        #expect(matchedAnchored > 20, "'^' phrases that match something were compared")
        segment.close()
        try await fts.close()
    }

    static func change(_ envelope: Envelope) -> IndexChange {
        if envelope.operation == .delete { return .delete(id: envelope.resourceID, version: envelope.version) }
        let texts = fields.map { field -> String? in
            switch envelope.payload[field] {
            case .string(let text): text
            case .array(let items)?: String(decoding: JSONValue.array(items).serialized(), as: UTF8.self)
            default: nil
            }
        }
        return .upsert(IndexDocument(id: envelope.resourceID, version: envelope.version, fields: texts, source: envelope.payload.serialized()))
    }
}
