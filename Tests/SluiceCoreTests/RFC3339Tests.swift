import Foundation
import SluiceCore
import Testing

@Suite struct RFC3339Tests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_795_428_000.5, "2026-11-23T10:00:00.500Z"),
        (951_782_400, "2000-02-29T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.000Z"),
        (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
    ])
    func formatsUTCWithMilliseconds(seconds: Double, text: String) {
        #expect(RFC3339.format(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func agreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: 0...4_000_000_000_000, using: &random)) / 1000)
            #expect(RFC3339.format(date) == formatter.string(from: date))
        }
    }
}
