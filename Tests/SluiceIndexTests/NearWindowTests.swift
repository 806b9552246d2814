import NATSTestSupport
import Testing

@testable import SluiceIndex

/// The NEAR rule against every choice of one occurrence per phrase, on seeded random position lists.
struct NearWindowTests {
    /// Whether one occurrence per phrase, `chosen`, is a match: at most `distance` tokens between the end of each and
    /// the start of the one that starts last.
    static func isMatch(_ chosen: [UInt32], lengths: [Int], distance: Int) -> Bool {
        let last = Int(chosen.max()!)
        return chosen.indices.allSatisfy { last - (Int(chosen[$0]) + lengths[$0]) <= distance }
    }

    /// The counts by brute force: each occurrence that is part of some matching choice.
    static func bruteForce(starts: [[UInt32]], lengths: [Int], distance: Int) -> [Int]? {
        var taking = starts.map { [Bool](repeating: false, count: $0.count) }
        var matched = false
        func choose(_ phrase: Int, _ picked: [Int]) {
            guard phrase < starts.count else {
                guard isMatch(picked.enumerated().map { starts[$0.offset][$0.element] }, lengths: lengths, distance: distance) else { return }
                matched = true
                for (index, occurrence) in picked.enumerated() { taking[index][occurrence] = true }
                return
            }
            for occurrence in starts[phrase].indices { choose(phrase + 1, picked + [occurrence]) }
        }
        choose(0, [])
        return matched ? taking.map { $0.count { $0 } } : nil
    }

    @Test func takingPartAgreesWithEveryChoice() {
        var random = SeededRandom()
        for _ in 0..<2000 {
            let phrases = Int.random(in: 1...3, using: &random)
            let lengths = (0..<phrases).map { _ in Int.random(in: 1...3, using: &random) }
            let starts = (0..<phrases).map { _ in
                Array(Set((0..<Int.random(in: 1...4, using: &random)).map { _ in UInt32.random(in: 0...30, using: &random) })).sorted()
            }
            let distance = Int.random(in: 0...6, using: &random)
            let expected = Self.bruteForce(starts: starts, lengths: lengths, distance: distance)
            #expect(
                NearWindow.takingPart(starts: starts, lengths: lengths, distance: distance) == expected,
                "starts \(starts), lengths \(lengths), distance \(distance), \(random)"
            )
        }
    }
}
