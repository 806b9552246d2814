import Foundation
import NATSTestSupport
import SluiceCore
import Synchronization

/// One lane of the fault suite: a pipeline that takes records over HTTP ingest and ends in an index of the search
/// server, and the ledger of what it was sent and accepted.
final class FaultLane: Sendable {
    let name: String
    /// `POST` here to ingest.
    let ingestURL: String
    /// The index of the search server the lane ends in.
    let index: String
    /// `GET /dlq` of the process holding the lane's dead letters, without the cursor.
    let deadLettersURL: String
    private let ledger = Mutex(FaultLedger())

    init(name: String, ingestURL: String, index: String, deadLettersURL: String) {
        self.name = name
        self.ingestURL = ingestURL
        self.index = index
        self.deadLettersURL = deadLettersURL
    }

    var recorded: FaultLedger { ledger.withLock { $0 } }

    /// Sends one body of good records, and now and then a malformed, an oversized, a wrong-typed version (all three
    /// refused at the door) or a wrong-typed field (accepted, then refused by the index: a dead letter). Sends it again
    /// until an answer says it was stored, so a process killed mid-request can only duplicate records, never lose them.
    func sendBatch(_ number: Int, using random: inout SeededRandom) async throws {
        var lines: [String] = []
        var good: [(String, Int64)] = []
        var poisoned: [String] = []
        var refused = 0
        for _ in 0..<40 {
            let id = "r\(Int.random(in: 0..<1500, using: &random))"
            let version = ledger.withLock { $0.nextVersion() }
            lines.append(#"{"id":"\#(id)","version":\#(version),"title":"record \#(id) at \#(version)","price":\#(version % 100)}"#)
            good.append((id, version))
        }
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            lines.append(#"{"id": "broken"#)
            refused += 1
        case 1:
            lines.append(#"{"id":"big-\#(name)-\#(number)","version":1,"blob":"\#(String(repeating: "x", count: 5000))"}"#)
            refused += 1
        case 2:
            lines.append(#"{"id":"typed-\#(name)-\#(number)","version":"seven"}"#)
            refused += 1
        case 3:
            let id = "bad-\(name)-\(number)"
            lines.append(#"{"id":"\#(id)","version":1,"title":"a price the index cannot map","price":"cheap"}"#)
            poisoned.append(id)
        default: break
        }
        lines.shuffle(using: &random)
        let body = lines.joined(separator: "\n") + "\n"
        var attempts = 0
        while true {
            attempts += 1
            if let answer = try? await HTTP.post(ingestURL, body: body), answer.status == 202 {
                let accepted = answer.json?["accepted"]?.intValue
                let rejected = answer.json?["rejected_count"]?.intValue
                guard accepted == Int64(good.count + poisoned.count), rejected == Int64(refused) else {
                    throw CLITestFailure("\(name): batch \(number) answered \(answer.body), expected \(good.count + poisoned.count) accepted")
                }
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        ledger.withLock { ledger in
            for (id, version) in good { ledger.versions[id, default: []].append(version) }
            ledger.poisoned.formUnion(poisoned)
            ledger.refused += refused
            ledger.resent += attempts - 1
        }
    }
}

/// What one lane was sent, as the answers of its ingest API acknowledged it.
struct FaultLedger: Sendable {
    /// The accepted versions of each good record's id, in the order they were sent (ascending).
    var versions: [String: [Int64]] = [:]
    /// Ids of accepted records whose field the index cannot map: each must end as a dead letter.
    var poisoned: Set<String> = []
    /// Lines refused at ingest (malformed, over `record.max_bytes`, a version that is not an integer).
    var refused = 0
    /// Bodies sent again after no answer (a killed process, a node restart).
    var resent = 0
    private var lastVersion: Int64 = 0

    mutating func nextVersion() -> Int64 {
        lastVersion += 1
        return lastVersion
    }

    /// Records accepted: good ones and those bound for the DLQ.
    var accepted: Int { versions.values.reduce(0) { $0 + $1.count } + poisoned.count }
}
