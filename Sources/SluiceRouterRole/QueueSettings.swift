/// One queue of the file: `kind` (`sqlite`, `jetstream` or `sqs`) and that kind's keys.
///
/// ```yaml
/// - {kind: sqlite, path: .sluice/router.sqlite, subject: router.messages, consumer: router, visibility_timeout: 30s}
/// - {kind: jetstream, nats_urls: [nats://127.0.0.1:4222], stream: ROUTER, subject: router.messages, consumer: router}
/// - {kind: sqs, queue_url: https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo, endpoint: …, region: eu-west-1}
/// ```
struct QueueSettings: Decodable {
    enum Kind: String, Decodable {
        case sqlite
        case jetstream
        case sqs
    }

    var kind: Kind
    /// The name the API submits to (`POST /api/queues/{name}/messages`). Default the consumer's name, or the
    /// last part of an SQS queue's URL.
    var name: String
    /// SQLite: the file.
    var path: String?
    /// SQLite and JetStream: the subject messages are published to. Default `router.messages`.
    var subject: String
    /// SQLite and JetStream: the durable consumer. Default `router`.
    var consumer: String
    /// JetStream: the servers. Default `nats://127.0.0.1:4222`.
    var natsURLs: [String]
    /// JetStream: the stream, created over `subject` if missing. Default `ROUTER`.
    var stream: String
    /// SQS: the queue's URL.
    var queueURL: String?
    /// SQS: the endpoint; default `https://sqs.<region>.amazonaws.com`.
    var endpoint: String?
    /// SQS: the region; default `AWS_REGION`, else `us-east-1`.
    var region: String?
    /// How long a polled message stays invisible. Default 30 s.
    var visibilityTimeout: Duration

    enum CodingKeys: String, CodingKey {
        case kind
        case name
        case path
        case subject
        case consumer
        case natsURLs = "nats_urls"
        case stream
        case queueURL = "queue_url"
        case endpoint
        case region
        case visibilityTimeout = "visibility_timeout"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        path = try container.decodeIfPresent(String.self, forKey: .path)
        subject = try container.decodeIfPresent(String.self, forKey: .subject) ?? "router.messages"
        consumer = try container.decodeIfPresent(String.self, forKey: .consumer) ?? "router"
        natsURLs = try container.decodeIfPresent([String].self, forKey: .natsURLs) ?? ["nats://127.0.0.1:4222"]
        stream = try container.decodeIfPresent(String.self, forKey: .stream) ?? "ROUTER"
        queueURL = try container.decodeIfPresent(String.self, forKey: .queueURL)
        endpoint = try container.decodeIfPresent(String.self, forKey: .endpoint)
        region = try container.decodeIfPresent(String.self, forKey: .region)
        visibilityTimeout = try container.durationIfPresent(forKey: .visibilityTimeout) ?? .seconds(30)
        switch kind {
        case .sqlite where path == nil:
            throw DecodingError.keyNotFound(CodingKeys.path, .init(codingPath: decoder.codingPath, debugDescription: "an sqlite queue needs a path"))
        case .sqs where queueURL == nil:
            throw DecodingError.keyNotFound(
                CodingKeys.queueURL,
                .init(codingPath: decoder.codingPath, debugDescription: "an sqs queue needs a queue_url")
            )
        default: break
        }
        let defaultName = kind == .sqs ? String(queueURL?.split(separator: "/").last ?? "sqs") : consumer
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? defaultName
    }
}
