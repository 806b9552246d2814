import FoundationEssentials
public import Logging

/// A swift-log handler writing one JSON object per line:
///
/// ```json
/// {"timestamp":"2026-11-23T10:00:00.123Z","level":"info","label":"sluice.runtime","message":"pipeline started","metadata":{"pipeline":"orders"}}
/// ```
///
/// `metadata` merges, in increasing precedence, the handler's metadata, the metadata provider's and the
/// call's; it is left out when empty. Strings stay strings, arrays and dictionaries become JSON arrays
/// and objects, other values are written as their description.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let sink: LogSink

    /// A handler for loggers labelled `label`, writing to `sink` (standard error by default).
    public init(label: String, sink: LogSink = .standardError, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let extra = event.metadata {
            merged.merge(extra) { _, new in new }
        }
        var line = "{\"timestamp\":"
        JSONText.appendString(Self.timestamp(), to: &line)
        line += ",\"level\":"
        JSONText.appendString(event.level.rawValue, to: &line)
        line += ",\"label\":"
        JSONText.appendString(label, to: &line)
        line += ",\"message\":"
        JSONText.appendString(event.message.description, to: &line)
        if !merged.isEmpty {
            line += ",\"metadata\":"
            JSONText.appendMetadata(merged, to: &line)
        }
        line += "}\n"
        sink.write(line)
    }

    /// The current time in RFC 3339, UTC, with milliseconds.
    private static func timestamp() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
