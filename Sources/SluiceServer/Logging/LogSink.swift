import SluiceCore

/// Where a log handler writes its finished lines.
public struct LogSink: Sendable {
    /// Writes one line; the line ends with a newline.
    public let write: @Sendable (String) -> Void

    /// A sink calling `write` for each line, e.g. to collect lines in a test.
    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Standard error, unbuffered, one `write(2)` per line so lines from concurrent tasks never interleave.
    public static let standardError = LogSink { StandardError.write($0) }
}
