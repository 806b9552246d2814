import FuzzSupport
import Glibc

@testable import SluiceIndex

/// The segment reader on damaged files: opening and reading every term, posting, entry and stored document either
/// works or throws a clear error, never crashes. Each input is tried twice: as a whole file (the footer and checksum
/// checks), and as the eight sections of a file (each a varint length and its bytes) assembled with correct
/// checksums, so the fuzzer reaches the decoders behind them.
@main enum FuzzSegmentReader {
    static func main() {
        runFuzzer { data, count in
            FuzzSegmentReader.test(fuzzInput(data, count))
            return 0
        }
    }

    static let path = "/tmp/fuzz-segment-\(getpid()).seg"

    static func test(_ bytes: UnsafeBufferPointer<UInt8>) {
        read(Array(bytes))
        var sections: [[UInt8]] = []
        var reader = ByteReader(UnsafeRawBufferPointer(bytes))
        for _ in SegmentFile.Section.allCases {
            sections.append((try? Array(reader.blob())) ?? [])
        }
        read(SegmentFile.encode(sections))
    }

    static func read(_ file: [UInt8]) {
        do {
            try Files.writeSynced(file, to: path)
            defer { Files.remove(path) }
            let segment = try SegmentReader(path: path, number: 1, fieldCount: 2)
            var positions = PositionList()
            try segment.dictionary.forEachTerm { _, info in
                switch segment.layout {
                case .interleaved:
                    var walk = try InterleavedPostingsCursor(segment.postings(info))
                    while try walk.next() { try walk.positions(into: &positions) }
                case .separatePositions:
                    var cursor = try segment.cursor(info)
                    while try cursor.next() { try cursor.positions(into: &positions) }
                    var skipping = try segment.cursor(info)
                    _ = try skipping.advance(to: 7)
                    while try skipping.next() {
                        if skipping.doc % 3 == 0 { try skipping.positions(into: &positions) }
                    }
                    // As a merge walks a list: whole blocks, skipped or read document by document.
                    var blocks = try segment.cursor(info)
                    while let block = try blocks.wholeBlock() {
                        if block.first % 2 == 0 {
                            blocks.skipBlock()
                        } else {
                            for _ in 0..<block.count where try blocks.next() { try blocks.positions(into: &positions) }
                        }
                    }
                }
            }
            for doc in 0..<segment.documentCount {
                _ = segment.entry(doc)
                _ = segment.length(doc, field: 1)
                _ = try segment.source(doc)
            }
            try segment.stored.forEach { _, _ in }
        } catch let error as IndexError {
            require(!error.message.isEmpty, "an error without a message")
        } catch {
            require(false, "an error that is not an IndexError: \(error)")
        }
    }
}
