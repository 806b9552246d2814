// Writes to a segment index until it is killed, for the crash tests:
// `index-crash-writer DIRECTORY FIRST-BATCH SEED [full|normal]` (the index's synchronous mode, default full).
// Each batch upserts and deletes seeded random ids with versions that grow from batch to batch; once `apply`
// returned, one line per change, `<id> <version> <upsert|delete>`, goes to standard output with one write(2), so
// whatever the test reads after a SIGKILL was acknowledged. The buffer is small and merges are frequent, so a kill
// lands in a flush or a merge as often as in a log append.
import Glibc
import SluiceIndex

let arguments = CommandLine.arguments
guard (4...5).contains(arguments.count), let firstBatch = Int(arguments[2]), let seed = UInt64(arguments[3]),
    let synchronous = arguments.count == 5 ? SegmentIndex.Synchronous(rawValue: arguments[4]) : .full
else {
    let usage = "usage: index-crash-writer DIRECTORY FIRST-BATCH SEED [full|normal]\n"
    _ = usage.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

/// SplitMix64: the same ids for the same seed.
struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

var random = SplitMix(state: seed)

var configuration = SegmentIndex.Configuration()
configuration.buffer.documents = 150
configuration.mergePolicy.segmentsPerTier = 3
configuration.mergePolicy.floorDocuments = 40
configuration.synchronous = synchronous
let index = try SegmentIndex.open(directory: arguments[1], fields: [IndexField("title"), IndexField("body")], configuration: configuration)
let words = ["river", "lake", "glacier", "valley", "delta", "harbour", "summit", "meadow"]
var batch = firstBatch
while true {
    var changes: [IndexChange] = []
    for item in 0..<Int(random.next() % 60 + 1) {
        let id = "d\(random.next() % 400)"
        let version = Int64(batch * 100 + item)
        if random.next() % 5 == 0 {
            changes.append(.delete(id: id, version: version))
        } else {
            let title = "\(words[Int(random.next() % 8)]) \(id) v\(version)"
            let body = (0..<Int(random.next() % 30)).map { _ in words[Int(random.next() % 8)] }.joined(separator: " ")
            changes.append(.upsert(IndexDocument(id: id, version: version, fields: [title, body], source: Array(title.utf8))))
        }
    }
    let outcomes = try await index.apply(changes)
    var lines = ""
    for (change, outcome) in zip(changes, outcomes) where outcome == .applied {
        switch change {
        case .upsert(let document): lines += "\(document.id) \(document.version) upsert\n"
        case .delete(let id, let version): lines += "\(id) \(version) delete\n"
        }
    }
    lines.withCString { _ = write(1, $0, strlen($0)) }
    batch += 1
}
