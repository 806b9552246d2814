import Foundation
import SluiceCore
import Testing

@Suite struct ULIDTests {
    private struct CountingRandom: RandomNumberGenerator {
        var state: UInt64 = 0
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            return state
        }
    }

    @Test func encodesAndDecodesCrockfordBase32() throws {
        let ulid = ULID(milliseconds: 1_469_918_176_385, randomness: 0)
        #expect(ulid.description == "01ARYZ6S410000000000000000")
        #expect(ULID(string: "01ARYZ6S410000000000000000") == ulid)
        #expect(ULID(string: "01aryz6s41oooooooooooooooo") == ulid)
        #expect(ulid.milliseconds == 1_469_918_176_385)
        #expect(ulid.timestamp == Date(timeIntervalSince1970: 1_469_918_176.385))
        #expect(ULID(rawValue: .max).description == "7ZZZZZZZZZZZZZZZZZZZZZZZZZ")
    }

    @Test(arguments: ["", "01ARYZ6S41", "81ARYZ6S410000000000000000", "01ARYZ6S41000000000000000U", "01ARYZ6S41000000000000000-"])
    func rejectsInvalidText(text: String) {
        #expect(ULID(string: text) == nil)
    }

    @Test func isMonotonicWithinAMillisecondAndWhenTheClockGoesBack() {
        var generator = ULIDGenerator()
        var random = CountingRandom()
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let first = generator.next(now: now, using: &random)
        let second = generator.next(now: now, using: &random)
        let third = generator.next(now: now.addingTimeInterval(-5), using: &random)
        let later = generator.next(now: now.addingTimeInterval(1), using: &random)
        #expect(second.rawValue == first.rawValue + 1)
        #expect(third.rawValue == second.rawValue + 1)
        #expect(later.milliseconds == first.milliseconds + 1000)
        #expect([first, second, third, later].map(\.description) == [first, second, third, later].map(\.description).sorted())
    }

    @Test func carriesIntoTheTimestampWhenTheRandomBitsOverflow() {
        var generator = ULIDGenerator()
        var random = AllOnes()
        let now = Date(timeIntervalSince1970: 1)
        let first = generator.next(now: now, using: &random)
        let second = generator.next(now: now, using: &random)
        #expect(second > first)
        #expect(second.milliseconds == first.milliseconds + 1)
        #expect(second.randomness == 0)
    }

    private struct AllOnes: RandomNumberGenerator {
        mutating func next() -> UInt64 { .max }
    }

    @Test func sharedGeneratorIsMonotonicAcrossTasks() async {
        let ids = await withTaskGroup(of: [ULID].self) { group in
            for _ in 0..<4 { group.addTask { (0..<500).map { _ in ULID.generate() } } }
            var all: [ULID] = []
            for await batch in group {
                #expect(batch == batch.sorted())
                all += batch
            }
            return all
        }
        #expect(Set(ids).count == ids.count)
    }

    @Test func codableUsesTheText() throws {
        let ulid = ULID.generate()
        let data = try JSONEncoder().encode([ulid])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(ulid)\"]")
        #expect(try JSONDecoder().decode([ULID].self, from: data) == [ulid])
    }
}
