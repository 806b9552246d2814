/// How the process writes its logs.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line (``JSONLogHandler``): for log collectors. The default.
    case json
    /// Readable lines (swift-log's `StreamLogHandler`): for a terminal (`--log-format text`).
    case text
}
