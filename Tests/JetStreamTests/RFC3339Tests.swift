import Foundation
import Testing

@testable import JetStream

@Suite struct RFC3339Tests {
    @Test func parsesTheServersTimestamps() throws {
        let date = try #require(RFC3339.parse("2026-11-23T19:54:52.056480467Z"))
        #expect(abs(date.timeIntervalSince1970 - 1_795_463_692.056_480_467) < 0.000_001)
        #expect(RFC3339.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        let offset = try #require(RFC3339.parse("1970-01-01T02:00:00+02:00"))
        #expect(offset == Date(timeIntervalSince1970: 0))
        let negative = try #require(RFC3339.parse("1969-12-31T23:00:00.5-01:00"))
        #expect(negative == Date(timeIntervalSince1970: 0.5))
        #expect(RFC3339.parse("0001-01-01T00:00:00Z") != nil)
    }

    @Test func rejectsOtherText() {
        for text in ["", "2026-11-23", "2026-11-23T19:54:52", "2026-13-01T00:00:00Z", "2026-11-23T19:54:52.Z", "2026-11-23T19:54:52Zjunk"] {
            #expect(RFC3339.parse(text) == nil, "\(text)")
        }
    }

    @Test func formatsInUTCWithNanoseconds() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000000Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_800_000_000.5)) == "2027-01-15T08:00:00.500000000Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000000000Z")
        let date = Date(timeIntervalSince1970: 1_795_463_692.25)
        #expect(RFC3339.parse(RFC3339.format(date)) == date)
    }
}
