extension Duration {
    /// Parses a duration from configuration: a number and a unit, optionally repeated (`250ms`, `5s`, `2m`, `1h`,
    /// `1h30m`, `1h 30m`, `1.5s`, `7d`). Units: `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h`, `d`. A bare `0` is zero.
    /// Surrounding whitespace is ignored; negative durations are not allowed. Sub-nanosecond fractions are dropped.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidDuration`` saying what is wrong and what is
    ///   allowed.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingWhitespace()
        func failure(_ problem: String) -> SluiceError {
            SluiceError(
                .invalidDuration,
                "\"\(text)\" is not a duration: \(problem); write a number and a unit (ns, us, ms, s, m, h, d), "
                    + "such as 250ms, 5s, 2m or 1h30m"
            )
        }
        if trimmed == "0" {
            self = .zero
            return
        }
        guard !trimmed.isEmpty else { throw failure("it is empty") }
        var scanner = UnitScanner(trimmed)
        var total: Int64 = 0
        while !scanner.isAtEnd {
            guard let number = scanner.number() else { throw failure("expected a number at \"\(scanner.rest)\"") }
            scanner.skipWhitespace()
            let unit = scanner.unit()
            scanner.skipWhitespace()
            guard !unit.isEmpty else { throw failure("\"\(number.text)\" has no unit") }
            guard let nanosecondsPerUnit = Self.nanosecondsPerUnit[unit] else {
                throw failure("unknown unit \"\(unit)\"")
            }
            guard let nanoseconds = number.scaled(by: nanosecondsPerUnit),
                case (let sum, false) = total.addingReportingOverflow(nanoseconds)
            else { throw failure("it is too long") }
            total = sum
        }
        self = .nanoseconds(total)
    }

    /// The duration in the largest unit that expresses it exactly, as ``init(parsing:)`` reads it: `250ms`, `5s`,
    /// `90s`, `2m`, `1h`, `0s`.
    public var configText: String {
        let (seconds, attoseconds) = components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        guard nanoseconds != 0 else { return "0s" }
        for (unit, size) in [
            ("d", Int64(86_400_000_000_000)), ("h", 3_600_000_000_000), ("m", 60_000_000_000),
            ("s", 1_000_000_000), ("ms", 1_000_000), ("us", 1_000),
        ]
        where nanoseconds % size == 0 {
            return "\(nanoseconds / size)\(unit)"
        }
        return "\(nanoseconds)ns"
    }

    /// The duration in seconds, as a `Double`.
    var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    /// A duration of `seconds` seconds, rounded to the nearest nanosecond and clamped to what `Int64` nanoseconds
    /// hold.
    init(secondsValue seconds: Double) {
        let nanoseconds = (seconds * 1e9).rounded()
        self = .nanoseconds(nanoseconds >= 9.2e18 ? Int64.max : Int64(max(0, nanoseconds)))
    }

    private static let nanosecondsPerUnit: [String: Int64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "ms": 1_000_000, "s": 1_000_000_000, "m": 60_000_000_000,
        "h": 3_600_000_000_000, "d": 86_400_000_000_000,
    ]
}
