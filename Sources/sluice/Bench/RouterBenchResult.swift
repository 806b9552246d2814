import Foundation

/// What `sluice bench router` measured.
struct RouterBenchResult: BenchJSONResult {
    var queue: String
    var messages: Int
    var concurrency: Int
    /// Messages per second from a full queue through one pool into the local receiver.
    var messagesPerSecond = 0.0
    /// The offered rate for the latency figures.
    var rate: Int
    /// Messages timed at that rate.
    var latencyMessages = 0
    /// Enqueue to receiver, median and 99th percentile: from the start of the queue's write.
    var p50Milliseconds = 0.0
    var p99Milliseconds = 0.0
    /// The router's part alone: from the moment the queue had taken the message (its write returned) to the receiver.
    var committedP50Milliseconds = 0.0
    var committedP99Milliseconds = 0.0
    /// The peak resident set size of the process (router, queue client and receiver together).
    var peakRSSBytes = 0

    enum CodingKeys: String, CodingKey {
        case queue, messages, concurrency, rate
        case messagesPerSecond = "messages_per_sec"
        case latencyMessages = "latency_messages"
        case p50Milliseconds = "p50_ms"
        case p99Milliseconds = "p99_ms"
        case committedP50Milliseconds = "committed_to_receiver_p50_ms"
        case committedP99Milliseconds = "committed_to_receiver_p99_ms"
        case peakRSSBytes = "peak_rss_bytes"
    }

    var text: String {
        """
        router (\(queue) queue, one pool of \(concurrency)), \(messages) messages
          throughput:   \(Int(messagesPerSecond)) messages/s (full queue → receiver)
          enqueue → receiver at \(rate)/s (\(latencyMessages) messages): p50 \(String(format: "%.2f", p50Milliseconds)) ms, \
        p99 \(String(format: "%.2f", p99Milliseconds)) ms
          committed → receiver (the router's part): p50 \(String(format: "%.2f", committedP50Milliseconds)) ms, \
        p99 \(String(format: "%.2f", committedP99Milliseconds)) ms
          peak RSS:     \(peakRSSBytes / 1_048_576) MiB
        """
    }
}
