import Foundation

/// What `sluice bench outbox` measured.
struct OutboxBenchResult: Encodable {
    var store = "postgres"
    var events: Int
    /// Rows relayed per second from a full table (claim, publish, acknowledge, mark).
    var relayEventsPerSecond = 0.0
    /// Events per second from a full table to a consumer with the inbox (relay and consumer together).
    var endToEndEventsPerSecond = 0.0
    /// The offered rate for the latency figures.
    var rate: Int
    /// Events timed at that rate.
    var latencyEvents = 0
    /// Commit to handler, median and 99th percentile.
    var p50Milliseconds = 0.0
    var p99Milliseconds = 0.0

    enum CodingKeys: String, CodingKey {
        case store, events, rate
        case relayEventsPerSecond = "relay_events_per_sec"
        case endToEndEventsPerSecond = "end_to_end_events_per_sec"
        case latencyEvents = "latency_events"
        case p50Milliseconds = "p50_ms"
        case p99Milliseconds = "p99_ms"
    }

    var text: String {
        """
        outbox (\(store)), \(events) events
          relay:        \(Int(relayEventsPerSecond)) events/s
          end to end:   \(Int(endToEndEventsPerSecond)) events/s (relay + consumer with inbox)
          commit → handler at \(rate)/s (\(latencyEvents) events): p50 \(String(format: "%.2f", p50Milliseconds)) ms, p99 \(String(format: "%.2f", p99Milliseconds)) ms
        """
    }
}
