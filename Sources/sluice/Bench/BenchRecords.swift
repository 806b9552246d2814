import Foundation
import NIOCore
import SluiceCore

/// Synthetic records for `sluice bench pipeline`: about 250 bytes of JSON each, with words that vary so the
/// search index has real work to do. Deterministic.
enum BenchRecords {
    static let words = [
        "river", "glacier", "harbour", "station", "market", "signal", "orchard", "quarry", "beacon", "canal", "meadow",
        "foundry", "lantern", "summit", "valley", "archive", "compass", "ferry", "garden", "tunnel", "bridge", "forest",
    ]

    /// One record as a line of JSON (without the line break).
    static func record(_ number: Int, prefix: String = "r") -> String {
        let a = words[number % words.count]
        let b = words[(number / words.count) % words.count]
        let c = words[(number / 7 + 3) % words.count]
        return #"{"id":"\#(prefix)-\#(number)","version":1,"title":"\#(a) \#(b) report \#(number)","#
            + #""body":"The \#(a) near the \#(b) was measured at \#(number % 1000) units; the \#(c) crew logged it "#
            + #"before noon and filed the \#(b) notes for review.","tags":["\#(a)","\#(c)"]}"#
    }

    /// Records `0..<count` decoded into envelopes, as a pipeline's record decoder makes them (id `r-N`, version 1).
    static func envelopes(_ count: Int) throws -> [Envelope] { try envelopes(0..<count) }

    /// Records `numbers` decoded into envelopes.
    static func envelopes(_ numbers: Range<Int>) throws -> [Envelope] {
        try numbers.map { number in
            let payload = try JSONValue.parse(Array(record(number).utf8))
            return Envelope(producer: "bench", resourceType: "records", resourceID: "r-\(number)", eventType: "updated", version: 1, payload: payload)
        }
    }

    /// Writes `count` records to `path`, one per line.
    static func write(count: Int, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw BenchFailure("cannot write \(path)")
        }
        defer { try? handle.close() }
        var chunk = ""
        for number in 0..<count {
            chunk += record(number)
            chunk += "\n"
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
    }

    /// An NDJSON body of `count` records numbered from `start`.
    static func body(from start: Int, count: Int, prefix: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        for number in start..<(start + count) {
            buffer.writeString(record(number, prefix: prefix))
            buffer.writeString("\n")
        }
        return buffer
    }
}
