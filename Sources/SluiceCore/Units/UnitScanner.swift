/// Reads numbers and unit names from texts like `1h30m` or `1.5GiB`.
struct UnitScanner {
    /// A non-negative decimal number as written: its integer digits and its fraction digits.
    struct Number {
        var text: String
        var integer: Int64
        var fraction: [Int64]

        /// The number times `unit`, truncated to an integer; `nil` on overflow.
        func scaled(by unit: Int64) -> Int64? {
            guard case (let whole, false) = integer.multipliedReportingOverflow(by: unit) else { return nil }
            var fractionPart: Int64 = 0
            var scale = unit
            for digit in fraction {
                scale /= 10
                guard scale > 0 else { break }
                fractionPart += digit * scale
            }
            guard case (let total, false) = whole.addingReportingOverflow(fractionPart) else { return nil }
            return total
        }
    }

    private let characters: [Character]
    private var position = 0

    init(_ text: String) {
        characters = Array(text)
    }

    var isAtEnd: Bool { position == characters.count }

    var rest: String { String(characters[position...]) }

    /// Reads `digits[.digits]`, or returns `nil` (reading nothing) when there is no digit here.
    mutating func number() -> Number? {
        let start = position
        var integer: Int64 = 0
        var overflowed = false
        while position < characters.count, let digit = characters[position].asciiDigit {
            let (times10, overflow1) = integer.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(digit)
            overflowed = overflowed || overflow1 || overflow2
            integer = sum
            position += 1
        }
        guard position > start else { return nil }
        var fraction: [Int64] = []
        if position < characters.count, characters[position] == "." {
            position += 1
            while position < characters.count, let digit = characters[position].asciiDigit {
                fraction.append(digit)
                position += 1
            }
            guard !fraction.isEmpty else {
                position = start
                return nil
            }
        }
        return Number(
            text: String(characters[start..<position]),
            integer: overflowed ? .max : integer,
            fraction: fraction
        )
    }

    /// Skips spaces and tabs.
    mutating func skipWhitespace() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    /// Reads letters (and `µ`) up to the next digit, whitespace or the end.
    mutating func unit() -> String {
        let start = position
        while position < characters.count, characters[position].isLetter { position += 1 }
        return String(characters[start..<position])
    }
}

extension Character {
    fileprivate var asciiDigit: Int64? {
        guard isASCII, let value = wholeNumberValue else { return nil }
        return Int64(value)
    }
}

extension String {
    /// The text without leading and trailing whitespace.
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
