import Foundation
import SluiceCore
import Testing

@Suite struct DurationParsingTests {
    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)), ("5s", .seconds(5)), ("2m", .seconds(120)), ("1h", .seconds(3600)),
        ("1h30m", .seconds(5400)), ("1h 30m", .seconds(5400)), ("1.5s", .milliseconds(1500)), ("0", .zero),
        (" 7d ", .seconds(604_800)), ("10us", .microseconds(10)), ("10µs", .microseconds(10)), ("3ns", .nanoseconds(3)),
        ("0.0000000015s", .nanoseconds(1)),
    ])
    func parses(text: String, duration: Duration) throws {
        #expect(try Duration(parsing: text) == duration)
    }

    @Test(arguments: [
        ("", "it is empty"), ("5", "\"5\" has no unit"), ("5x", "unknown unit \"x\""), ("-5s", "expected a number"),
        ("s", "expected a number"), ("1.s", "expected a number"), ("99999999999h", "too long"),
    ])
    func explainsMistakes(text: String, problem: String) {
        #expect {
            try Duration(parsing: text)
        } throws: { error in
            guard let error = error as? SluiceError else { return false }
            return error.code == .invalidDuration && error.reason.contains(problem) && error.reason.contains("250ms")
        }
    }

    @Test(arguments: [
        (Duration.milliseconds(250), "250ms"), (.seconds(90), "90s"), (.seconds(120), "2m"), (.zero, "0s"),
        (.nanoseconds(1500), "1500ns"), (.seconds(86_400), "1d"),
    ])
    func writesTextThatParsesBack(duration: Duration, text: String) throws {
        #expect(duration.configText == text)
        #expect(try Duration(parsing: text) == duration)
    }
}

@Suite struct ByteSizeTests {
    @Test(arguments: [
        ("5MB", 5_000_000), ("512KiB", 524_288), ("1.5GB", 1_500_000_000), ("100B", 100), ("100", 100),
        ("5mb", 5_000_000), ("64 MiB", 67_108_864), ("1TiB", 1 << 40),
    ])
    func parses(text: String, bytes: Int) throws {
        #expect(try ByteSize(parsing: text).bytes == bytes)
    }

    @Test(arguments: ["", "MB", "5XB", "-5MB", "5MB extra", "99999999999TB"])
    func rejects(text: String) {
        #expect {
            try ByteSize(parsing: text)
        } throws: { error in
            guard let error = error as? SluiceError else { return false }
            return error.code == .invalidSize && error.reason.contains("5MB or 512KiB")
        }
    }

    @Test func writesTheLargestExactUnit() {
        #expect(ByteSize(bytes: 5_000_000).description == "5MB")
        #expect(ByteSize(bytes: 524_288).description == "512KiB")
        #expect(ByteSize(bytes: 1001).description == "1001B")
    }

    @Test func decodesTextOrIntegers() throws {
        let sizes = try JSONDecoder().decode([ByteSize].self, from: Data(#"["5MB", 1024]"#.utf8))
        #expect(sizes == [ByteSize(bytes: 5_000_000), ByteSize(bytes: 1024)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ByteSize].self, from: Data(#"[-1]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ByteSize].self, from: Data(#"["5 parsecs"]"#.utf8)) }
    }
}
