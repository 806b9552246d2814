#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes to standard error without Foundation's `FileHandle`, unbuffered.
public enum StandardError {
    /// Writes `text` as it is (add the line's end yourself), in as few `write(2)` calls as the system takes: a line
    /// written in one call never interleaves with lines from concurrent tasks.
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
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
