/// A durable pull consumer on an existing JetStream stream: one envelope per message.
public struct JetStreamSourceConfig: SourceSettings {
    public static let sourceType = "jetstream"

    /// The stream to consume; created with ``subjects`` when it does not exist.
    public var stream: String
    /// Only messages on these subjects (wildcards allowed); empty for all of the stream.
    public var subjects: [String] = []
    /// Start with the stream's first message (`all`, default) or only what arrives after the consumer was made (`new`).
    public var deliverNew: Bool = false

    /// Creates settings.
    public init(stream: String) {
        self.stream = stream
    }
}

extension SourceConnector {
    /// Envelopes already in a stream of the transport: `type: jetstream`. The deliver stage reads the stream itself;
    /// no source runs in the process.
    public static let jetstream = SourceConnector(
        JetStreamSourceConfig.self,
        keys: ["stream", "subjects", "deliver"],
        decode: { block in
            guard let streamField = block.require("stream", what: "the stream to consume"),
                let stream = block.reader.nonEmptyString(streamField)
            else { return nil }
            var source = JetStreamSourceConfig(stream: stream)
            if let subjects = block.keys["subjects"] { source.subjects = block.reader.stringList(subjects) ?? [] }
            if let deliver = block.keys["deliver"], let text = block.reader.string(deliver) {
                switch text {
                case "all": source.deliverNew = false
                case "new": source.deliverNew = true
                default: block.reader.report(deliver, "expected one of all, new, got \"\(text)\"")
                }
            }
            return source
        },
        make: { _, _ in nil }
    )
}
