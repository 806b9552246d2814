import ArgumentParser

/// A size in bytes given on the command line: a whole number, optionally with a binary unit
/// (`K`, `M`, `G`, `T`, each times 1024, with an optional `B` or `iB`: `512MB`, `1GiB`, `64k`); `-1` means
/// no limit.
struct ByteSizeFlag: ExpressibleByArgument, Sendable, Hashable {
    /// The number of bytes, or -1 for no limit.
    var bytes: Int64

    init?(argument: String) {
        if argument == "-1" {
            bytes = -1
            return
        }
        var text = Substring(argument.uppercased())
        if text.hasSuffix("IB") {
            text = text.dropLast(2)
        } else if text.hasSuffix("B") {
            text = text.dropLast()
        }
        var scale: Int64 = 1
        if let unit = text.last, let power = "KMGT".firstIndex(of: unit) {
            scale = Int64(1) << (10 * ("KMGT".distance(from: "KMGT".startIndex, to: power) + 1))
            text = text.dropLast()
        }
        guard let value = Int64(text), value >= 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        bytes = product
    }
}
