import FoundationEssentials
import SluiceCore
import SluiceElasticsearch

/// A hit's cursor: the sort value Elasticsearch returns for the cursor field (epoch milliseconds for a date field,
/// the number for an integer field), and whether the field is a date (its `_source` value is text).
struct WatchCursorValue: Sendable, Hashable {
    var value: Int64
    var isDate: Bool

    /// The cursor of a hit; `nil` when the hit has no value. With `sortedByCursor` the value Elasticsearch sorted by
    /// is used; otherwise (a snapshot sorts by document order) it is read from `_source`.
    init?(hit: ElasticsearchHit, field: String, sortedByCursor: Bool) {
        let source = hit.source?[path: JSONPath(components: [.key(field)])]
        guard let source, source != .null else { return nil }
        if case .string = source { isDate = true } else { isDate = false }
        switch sortedByCursor ? hit.sort.first : nil {
        case .int(let number)?: value = number
        case .double(let number)? where number.isFinite: value = Int64(number)
        default:
            switch source {
            case .int(let number): value = number
            case .double(let number) where number.isFinite: value = Int64(number)
            case .string(let text):
                guard let milliseconds = WatchDate.milliseconds(text) else { return nil }
                value = milliseconds
            default: return nil
            }
        }
    }
}

/// Event ids that are the same whenever the same document version is read: a ULID whose time is the version
/// (milliseconds for a date cursor) and whose 80 random bits are a hash of index, id and version.
enum WatchEventID {
    static func make(index: String, id: String, version: Int64) -> ULID {
        let text = "\(index)\u{1F}\(id)\u{1F}\(version)"
        let high = fnv1a(text, seed: 0xcbf2_9ce4_8422_2325)
        let low = fnv1a(text, seed: 0x8422_2325_cbf2_9ce4)
        let milliseconds = UInt64(clamping: max(0, version))
        return ULID(milliseconds: milliseconds, randomness: UInt128(high) << 64 | UInt128(low))
    }

    private static func fnv1a(_ text: String, seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// Dates as Elasticsearch writes them in `_source` (ISO 8601 with or without fractions, or a date alone).
enum WatchDate {
    static func milliseconds(_ text: String) -> Int64? {
        for style in styles {
            if let date = try? Date(text, strategy: style) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        return nil
    }

    private static let styles: [Date.ISO8601FormatStyle] = [
        Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle(),
        Date.ISO8601FormatStyle().year().month().day(),
    ]
}
