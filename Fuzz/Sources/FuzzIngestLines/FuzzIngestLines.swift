import FuzzSupport
import NIOCore
import SluiceCore

@testable import SluiceRuntime

/// The HTTP ingest body splitter and the per-line record check: every line comes out once, without its line end,
/// blank lines as `nil`, and each line's check ends in an envelope or a rejection.
@main enum FuzzIngestLines {
    static func main() {
        runFuzzer { data, count in
            FuzzIngestLines.test(fuzzInput(data, count))
            return 0
        }
    }

    static let decoder: RecordDecoder = {
        var settings = RecordSettings()
        settings.versionField = "v"
        settings.eventTypeField = "op"
        settings.maxBytes = 512
        return RecordDecoder(settings: settings, pipeline: "fuzz")
    }()

    static func test(_ input: UnsafeBufferPointer<UInt8>) {
        var body = ByteBufferAllocator().buffer(capacity: input.count + 3)
        // A reader index past zero, as in a body that was read from a larger buffer.
        body.writeString("xyz")
        body.moveReaderIndex(forwardBy: 3)
        body.writeBytes(input)
        let lines = HTTPIngest.lines(body)
        let expected = expectedLines(Array(input))
        require(lines.count == expected.count, "\(lines.count) lines, expected \(expected.count)")
        for (line, wanted) in zip(lines, expected) {
            require(line.map { Array($0.readableBytesView) } == wanted, "line \(String(describing: line)) expected \(String(describing: wanted))")
            if let line { _ = decoder.decode(line, at: DecodingTime()) }
        }
    }

    /// The lines of `bytes` by the ingest rules, written the slow way: split at `\n`, one `\r` before it dropped, no line
    /// after a final `\n`, blank (spaces and tabs only) lines `nil`.
    static func expectedLines(_ bytes: [UInt8]) -> [[UInt8]?] {
        var parts = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        if bytes.last == UInt8(ascii: "\n") || bytes.isEmpty { parts.removeLast() }
        return parts.map { part in
            let line = part.last == UInt8(ascii: "\r") ? Array(part.dropLast()) : part
            return line.allSatisfy { $0 == 32 || $0 == 9 } ? nil : line
        }
    }
}
