import NATSTestSupport
import Testing

@testable import SluiceIndex

/// The id map answers as a Swift dictionary would, on seeded random ids of every length up to 40 bytes (short ones
/// collide in their tails, long ones span several words of the hash).
struct IDMapTests {
    @Test func answersAsADictionary() {
        var random = SeededRandom()
        var map = IDMap()
        var expected: [String: DocumentLocation] = [:]
        for step in 0..<20_000 {
            let length = Int.random(in: 0...40, using: &random)
            let id = String((0..<length).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x61...0x64, using: &random))) })
            let location = DocumentLocation(segment: Int32(step % 7), doc: UInt32(step), version: Int64(step), deletion: step % 5 == 0)
            if step % 3 == 0, let known = expected.keys.randomElement(using: &random) {
                let bytes = Array(known.utf8)
                bytes.withUnsafeBytes { map.move($0, segment: 99, doc: UInt32(step)) }
                expected[known]?.segment = 99
                expected[known]?.doc = UInt32(step)
                continue
            }
            if step % 1000 == 0 { map.reserve(Int.random(in: 0...5000, using: &random)) }
            Array(id.utf8).withUnsafeBytes { map.set($0, location) }
            expected[id] = location
        }
        #expect(map.count == expected.count, "\(random)")
        for (id, location) in expected {
            let found = map[id]
            #expect(found?.segment == location.segment && found?.doc == location.doc, "\(id) (\(random))")
            #expect(found?.version == location.version && found?.deletion == location.deletion, "\(id) (\(random))")
        }
        #expect(map["zzz"] == nil)
    }
}
