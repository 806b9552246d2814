public import Logging
import Synchronization

/// Sets up swift-log for the `sluice` process.
public enum SluiceLogging {
    /// The environment variable whose level, when set, wins over the configured one.
    public static let levelVariable = "SLUICE_LOG_LEVEL"

    private static let bootstrapped = Mutex(false)

    /// Bootstraps `LoggingSystem`: JSON lines (``JSONLogHandler``) or readable text on standard error,
    /// at the level ``resolveLevel(configured:environment:)`` gives.
    ///
    /// `LoggingSystem` can be bootstrapped only once per process; later calls do nothing.
    ///
    /// - Parameters:
    ///   - format: ``LogFormat/json`` unless the user asked for `--log-format text`.
    ///   - level: The level from the configuration file, if it sets one.
    ///   - environment: The process environment, read for `SLUICE_LOG_LEVEL`.
    ///   - metadataProvider: Metadata added to every line (a trace id from the task's context, …).
    /// - Returns: The level loggers were set to.
    /// - Throws: ``LogLevelError`` when `SLUICE_LOG_LEVEL` is not a level name.
    @discardableResult
    public static func bootstrap(
        format: LogFormat = .json,
        level: Logger.Level? = nil,
        environment: [String: String],
        metadataProvider: Logger.MetadataProvider? = nil
    ) throws(LogLevelError) -> Logger.Level {
        let resolved = try resolveLevel(configured: level, environment: environment)
        bootstrapped.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap(
                { label, provider in
                    var handler = makeHandler(format: format, label: label, metadataProvider: provider)
                    handler.logLevel = resolved
                    return handler
                },
                metadataProvider: metadataProvider
            )
        }
        return resolved
    }

    /// The level to log at: `SLUICE_LOG_LEVEL` when set (so an operator can turn on `debug` without
    /// editing the configuration), else the configured level, else `info`.
    public static func resolveLevel(
        configured: Logger.Level?,
        environment: [String: String]
    ) throws(LogLevelError) -> Logger.Level {
        if let text = environment[levelVariable], !text.isEmpty {
            guard let level = parseLevel(text) else { throw LogLevelError(text: text) }
            return level
        }
        return configured ?? .info
    }

    /// A level from its name, case-insensitively; `warn` means `warning`.
    public static func parseLevel(_ text: String) -> Logger.Level? {
        let name = text.lowercased()
        return name == "warn" ? .warning : Logger.Level(rawValue: name)
    }

    /// A handler in `format` for loggers labelled `label`, writing to standard error.
    public static func makeHandler(
        format: LogFormat,
        label: String,
        metadataProvider: Logger.MetadataProvider? = nil
    ) -> any LogHandler {
        switch format {
        case .json: JSONLogHandler(label: label, metadataProvider: metadataProvider)
        case .text: StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
        }
    }
}

/// `SLUICE_LOG_LEVEL` (or a configured level) is not one of swift-log's level names.
public struct LogLevelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value that was given.
    public var text: String

    public init(text: String) {
        self.text = text
    }

    public var description: String {
        "unknown log level \"\(text)\"; use one of "
            + Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
