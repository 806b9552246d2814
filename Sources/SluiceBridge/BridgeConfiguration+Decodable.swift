import SluiceCore

extension BridgeConfiguration: Decodable {
    private enum Key: String, CodingKey {
        case natsURLs = "nats_urls"
        case env
        case appName = "app_name"
        case destinationApp = "destination_app"
        case maxDeliver = "max_deliver"
        case ackWait = "ack_wait"
        case backoff
        case useOutbox = "use_outbox"
        case useInbox = "use_inbox"
        case useDLQ = "use_dlq"
        case streamName = "stream_name"
        case dlqSubject = "dlq_subject"
        case duplicateWindow = "duplicate_window"
    }

    /// Decodes the bridge's settings by their configuration names: `nats_urls` (a list, or one text of URLs separated
    /// by commas), `env`, `app_name`, `destination_app` (required), `max_deliver`, `ack_wait` (`30s`), `backoff`
    /// (a list such as `[1s, 5s]` or a text `1s 5s`), `use_outbox`, `use_inbox`, `use_dlq`, `stream_name`,
    /// `dlq_subject`, `duplicate_window`. Missing settings keep their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.init(
            env: try container.decodeIfPresent(String.self, forKey: .env) ?? "development",
            appName: try container.decodeIfPresent(String.self, forKey: .appName) ?? "app",
            destinationApp: try container.decode(String.self, forKey: .destinationApp)
        )
        if let urls = try? container.decodeIfPresent([String].self, forKey: .natsURLs) {
            natsURLs = urls
        } else if let text = try container.decodeIfPresent(String.self, forKey: .natsURLs) {
            natsURLs = text.split(separator: ",").map { String($0.trimmingPrefix(" ")) }
        }
        maxDeliver = try container.decodeIfPresent(Int.self, forKey: .maxDeliver) ?? maxDeliver
        ackWait = try Self.duration(container, .ackWait) ?? ackWait
        duplicateWindow = try Self.duration(container, .duplicateWindow) ?? duplicateWindow
        if let schedule = try container.decodeIfPresent(BackoffSchedule.self, forKey: .backoff) {
            guard case .list(let delays) = schedule else {
                throw DecodingError.dataCorruptedError(
                    forKey: .backoff,
                    in: container,
                    debugDescription: "backoff must be a list of durations, such as [1s, 5s, 15s]"
                )
            }
            backoff = delays
        }
        useOutbox = try container.decodeIfPresent(Bool.self, forKey: .useOutbox) ?? useOutbox
        useInbox = try container.decodeIfPresent(Bool.self, forKey: .useInbox) ?? useInbox
        useDLQ = try container.decodeIfPresent(Bool.self, forKey: .useDLQ) ?? useDLQ
        if let name = try container.decodeIfPresent(String.self, forKey: .streamName) { streamName = name }
        if let subject = try container.decodeIfPresent(String.self, forKey: .dlqSubject) { dlqSubject = subject }
    }

    private static func duration(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> Duration? {
        guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        do {
            return try Duration(parsing: text)
        } catch let error as SluiceError {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.reason)
        }
    }
}
