import NATSTestSupport
import Testing

@testable import SluiceIndex

/// A builder reused from segment to segment, as a shard's writer reuses it, encodes each segment as a new builder does.
struct SegmentBuilderTests {
    static let words = ["river", "glacier", "harbour", "station", "canal", "meadow", "summit", "valley", "x-ray", "2026"]

    /// `count` random documents (some of them deletions) with ids from `prefix`.
    static func documents(_ count: Int, prefix: String, using random: inout SeededRandom) -> [IndexChange] {
        func text(_ length: Int) -> String {
            (0..<length).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
        }
        var changes: [IndexChange] = []
        for number in 0..<count {
            let id = "\(prefix)-\(number)"
            if Int.random(in: 0..<10, using: &random) == 0 {
                changes.append(.delete(id: id, version: Int64(number)))
                continue
            }
            let title = text(Int.random(in: 1...4, using: &random))
            let body: String? = Bool.random(using: &random) ? text(Int.random(in: 0...30, using: &random)) : nil
            changes.append(.upsert(IndexDocument(id: id, version: Int64(number), fields: [title, body], source: Array("{\"n\":\(number)}".utf8))))
        }
        return changes
    }

    static func fresh(_ changes: [IndexChange]) -> [UInt8] {
        var builder = SegmentBuilder(fieldCount: 2)
        for change in changes { builder.add(change) }
        return builder.encode()
    }

    @Test func aReusedBuilderEncodesAsANewOne() {
        var random = SeededRandom()
        var reused = SegmentBuilder(fieldCount: 2)
        // Larger and smaller segments after each other, the last one past the size whose buffers are kept.
        for (round, count) in [300, 20, 0, 1, 500, 7, SegmentBuilder.largestKeptDocuments + 1, 40].enumerated() {
            let changes = Self.documents(count, prefix: "r\(round)", using: &random)
            reused.reset()
            for change in changes { reused.add(change) }
            #expect(reused.documentCount == count)
            // Compared as a whole, not printed: a failure names the round, not megabytes of bytes.
            let same = reused.encode() == Self.fresh(changes)
            #expect(same, "round \(round) of \(count) documents differs from a new builder's, \(random)")
        }
    }
}
