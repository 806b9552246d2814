import FoundationEssentials

/// RFC 3339 timestamps in UTC, as envelopes carry them in `occurred_at`.
public enum RFC3339 {
    /// `date` as `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC, to the nearest millisecond), for example
    /// `2026-11-23T10:00:00.000Z`. Dates before year 0 or after 9999 are clamped to those years' bounds.
    public static func format(_ date: Date) -> String {
        let minimum: Int64 = -62_167_219_200_000  // 0000-01-01T00:00:00Z
        let maximum: Int64 = 253_402_300_799_999  // 9999-12-31T23:59:59.999Z
        let milliseconds = min(max(date.unixMilliseconds, minimum), maximum)
        let days = milliseconds.floorDivided(by: 86_400_000)
        let millisecondOfDay = milliseconds - days * 86_400_000
        let (year, month, day) = CivilDate.date(daysSinceEpoch: days)
        let second = millisecondOfDay / 1000
        var text = ""
        text.reserveCapacity(24)
        text += padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
        text += "T" + padded(second / 3600, 2) + ":" + padded(second / 60 % 60, 2) + ":" + padded(second % 60, 2)
        text += "." + padded(millisecondOfDay % 1000, 3) + "Z"
        return text
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
