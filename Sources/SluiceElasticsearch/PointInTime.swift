/// A point in time: a frozen view of one or more indices that searches can page through while writes go on.
///
/// Open one with ``ElasticsearchClient/openPointInTime(indices:keepAlive:)``, pass it in
/// ``SearchRequest/pointInTime``, replace ``id`` with ``ElasticsearchSearchResponse/pointInTimeID`` after each page, and close
/// it with ``ElasticsearchClient/closePointInTime(_:)``. The server drops it when ``keepAlive`` passes without a
/// search.
public struct PointInTime: Sendable, Hashable {
    /// The id the server handed out.
    public var id: String
    /// How long the server keeps it after each search.
    public var keepAlive: Duration

    /// Creates a point in time from its id.
    public init(id: String, keepAlive: Duration) {
        self.id = id
        self.keepAlive = keepAlive
    }

    /// ``keepAlive`` in the server's time-unit syntax: whole `ms`, `s`, `m`, `h` or `d`, at least `1ms`.
    var keepAliveText: String { Self.timeValue(keepAlive) }

    /// A duration as Elasticsearch writes time values (`30s`, `5m`, `1500ms`), rounded up to milliseconds.
    static func timeValue(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = max(1, seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] where milliseconds % size == 0 {
            return "\(milliseconds / size)\(unit)"
        }
        return "\(milliseconds)ms"
    }
}
