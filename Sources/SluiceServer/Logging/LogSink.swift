#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where a log handler writes its finished lines.
public struct LogSink: Sendable {
    /// Writes one line; the line ends with a newline.
    public let write: @Sendable (String) -> Void

    /// A sink calling `write` for each line, e.g. to collect lines in a test.
    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Standard error, unbuffered, one `write(2)` per line so lines from concurrent tasks never interleave.
    public static let standardError = LogSink { line in
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = writeToStandardError(bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}

private func writeToStandardError(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
    write(STDERR_FILENO, bytes, count)
}
