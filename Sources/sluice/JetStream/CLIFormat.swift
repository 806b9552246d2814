import Foundation

/// Small formatting helpers for the JetStream commands' output.
enum CLIFormat {
    /// `1.5 KiB`, `12 B`.
    static func bytes(_ count: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// A limit that is unlimited when negative.
    static func limit(_ value: Int64, bytes: Bool = false) -> String {
        if value < 0 { return "unlimited" }
        return bytes ? Self.bytes(UInt64(value)) : String(value)
    }

    /// A duration that means "never" when zero.
    static func age(_ duration: Duration) -> String {
        duration == .zero ? "unlimited" : DurationFlag.format(duration)
    }

    /// A time in RFC 3339, or `-`.
    static func time(_ date: Date?) -> String {
        date.map { ISO8601DateFormatter().string(from: $0) } ?? "-"
    }

    /// Prints `rows` in columns under `header`.
    static func printTable(header: [String], rows: [[String]]) {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            print(cells.joined(separator: "  "))
        }
    }
}
