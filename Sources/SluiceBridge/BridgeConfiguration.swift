/// How an application talks to the bridge: where NATS is, who it is, who it talks to, and how consumers retry.
///
/// The names and defaults are those of the JetStream bridge's configuration (`nats_urls`, `env`, `app_name`,
/// `destination_app`, `max_deliver`, `ack_wait`, `backoff`, `use_outbox`, `use_inbox`, `use_dlq`), so an application
/// moving from the Ruby gem keeps its settings and its subjects.
///
/// ```swift
/// var configuration = BridgeConfiguration(env: "production", appName: "billing", destinationApp: "crm")
/// configuration.natsURLs = ["nats://nats-1:4222", "nats://nats-2:4222"]
/// ```
public struct BridgeConfiguration: Sendable, Hashable {
    /// `nats_urls`: the NATS servers to connect to. Defaults to `nats://localhost:4222`.
    public var natsURLs: [String] = ["nats://localhost:4222"]
    /// `env`: the first token of every subject and part of the stream's name. Defaults to `development`.
    public var env: String
    /// `app_name`: this application; the producer of the events it publishes. Defaults to `app`.
    public var appName: String
    /// `destination_app`: the application this one exchanges events with.
    public var destinationApp: String
    /// `max_deliver`: deliveries of one message before it goes to the dead-letter subject. Defaults to 5.
    public var maxDeliver: Int = 5
    /// `ack_wait`: how long the server waits for an acknowledgement before delivering again. Defaults to 30 seconds;
    /// a handler that runs longer keeps its message by sending in-progress acknowledgements.
    public var ackWait: Duration = .seconds(30)
    /// `backoff`: the redelivery delay after the first, second, … failed delivery; the last repeats.
    /// Defaults to `1s 5s 15s 30s 60s`.
    public var backoff: [Duration] = [.seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60)]
    /// `use_outbox`: every publish goes through the outbox table, in the caller's transaction; ``Publisher``'s
    /// direct publish refuses. Defaults to `false`.
    public var useOutbox: Bool = false
    /// `use_inbox`: every consumer records handled event ids in the inbox table; a ``Consumer`` made without an
    /// inbox refuses to run. Defaults to `false`.
    public var useInbox: Bool = false
    /// `use_dlq`: a message that fails for good is published to ``dlqSubject`` before it is terminated; without it,
    /// it is only terminated. Defaults to `true`.
    public var useDLQ: Bool = true
    /// How long the stream remembers message ids to drop a repeated publish. Defaults to 2 minutes, the least the
    /// outbox relay needs: a relay restarted within it never stores an event twice.
    public var duplicateWindow: Duration = .seconds(120)

    private var customStreamName: String?
    private var customDLQSubject: String?

    /// Creates a configuration; everything else keeps its default.
    /// - Parameters:
    ///   - env: The environment, such as `production`.
    ///   - appName: This application's name.
    ///   - destinationApp: The application on the other side.
    public init(env: String = "development", appName: String = "app", destinationApp: String) {
        self.env = env
        self.appName = appName
        self.destinationApp = destinationApp
    }

    /// `stream_name`: the stream holding every subject of the environment. Defaults to `{env}-stream-bridge`.
    public var streamName: String {
        get { customStreamName ?? "\(env)-stream-bridge" }
        set { customStreamName = newValue }
    }

    /// `dlq_subject`: where messages that failed for good are published. Defaults to `{env}.data.sync.dlq`.
    public var dlqSubject: String {
        get { customDLQSubject ?? "\(env).data.sync.dlq" }
        set { customDLQSubject = newValue }
    }

    /// The redelivery delay after failed delivery number `deliveries` (1 for the first): the matching entry of
    /// ``backoff``, the last one past its end, zero when it is empty.
    public func backoffDelay(afterDelivery deliveries: Int) -> Duration {
        guard let last = backoff.last else { return .zero }
        let index = max(deliveries, 1) - 1
        return index < backoff.count ? backoff[index] : last
    }
}
