/// Duration and size texts in configuration files (`250ms`, `5s`, `2m`, `1h`; `512KB`, `5MB`).
///
/// Units: `ns`, `us`, `ms`, `s`, `m`, `h` for durations (a bare number is seconds); `B`, `KB`, `MB`, `GB`
/// (powers of 1024; `KiB`, `MiB`, `GiB` too) for sizes (a bare number is bytes).
enum ConfigUnits {
    /// Why a text is not a duration or size.
    struct Failure: Error {
        var message: String
    }

    /// Parses a duration.
    static func duration(_ text: String) -> Result<Duration, Failure> {
        let (number, unit) = split(text)
        guard let value = Double(number), value >= 0, value.isFinite else {
            return .failure(Failure(message: "not a number followed by a unit"))
        }
        let nanoseconds: Double
        switch unit.lowercased() {
        case "ns": nanoseconds = value
        case "us", "µs": nanoseconds = value * 1e3
        case "ms": nanoseconds = value * 1e6
        case "", "s": nanoseconds = value * 1e9
        case "m": nanoseconds = value * 60e9
        case "h": nanoseconds = value * 3600e9
        default: return .failure(Failure(message: "unknown unit '\(unit)'; use ns, us, ms, s, m or h"))
        }
        return .success(.nanoseconds(Int64(nanoseconds)))
    }

    /// Parses a size in bytes.
    static func size(_ text: String) -> Result<Int, Failure> {
        let (number, unit) = split(text)
        guard let value = Double(number), value >= 0, value.isFinite else {
            return .failure(Failure(message: "not a number followed by a unit"))
        }
        let factor: Double
        switch unit.uppercased() {
        case "", "B": factor = 1
        case "K", "KB", "KIB": factor = 1024
        case "M", "MB", "MIB": factor = 1024 * 1024
        case "G", "GB", "GIB": factor = 1024 * 1024 * 1024
        default: return .failure(Failure(message: "unknown unit '\(unit)'; use B, KB, MB or GB"))
        }
        return .success(Int(value * factor))
    }

    private static func split(_ text: String) -> (Substring, Substring) {
        let trimmed = text.drop { $0 == " " }
        let end = trimmed.firstIndex { !($0.isNumber || $0 == "." || $0 == "_") } ?? trimmed.endIndex
        let number = trimmed[..<end].filter { $0 != "_" }
        return (Substring(number), trimmed[end...].drop { $0 == " " })
    }
}
