import FoundationEssentials
import JetStream
import NIOCore
import SluiceRuntime

/// Replay claims live in the key-value bucket `SLUICE_CLAIMS`, one key per pipeline, so every process on the same
/// JetStream sees them. A value is `<expiry in ms since 1970> <holder>`; a claim is taken or renewed by a
/// compare-and-set on the key's revision, so of two processes racing for it one wins. Expiry compares the wall
/// clocks of the processes: keep them within a small part of a lease of each other (NTP does).
extension JetStreamTransport {
    static let claimBucket = "SLUICE_CLAIMS"

    public func claimDeadLetterReplay(pipeline: String, holder: String, lease: Duration) async throws(TransportError) -> Bool {
        guard lease > .zero else { throw TransportError(.invalidArgument, "a claim's lease must be positive, not \(lease)") }
        return try await wrap("claim the replay of \(pipeline)'s dead letters") {
            let bucket = try await claims()
            let key = Self.replayClaimKey(pipeline)
            let now = Self.nowMilliseconds
            let value = "\(now + Int64((lease / .milliseconds(1)).rounded(.up))) \(holder)"
            // A race lost between reading and writing is decided by reading again.
            for _ in 0..<3 {
                if let entry = try await bucket.get(key) {
                    if let current = ReplayClaim(entry.value), current.holder != holder, current.expiresAt > now { return false }
                    do {
                        try await bucket.update(key, value, revision: entry.revision)
                        return true
                    } catch let error as JetStreamError where error.code == .wrongRevision {
                        continue
                    }
                }
                do {
                    try await bucket.create(key, value)
                    return true
                } catch let error as JetStreamError where error.code == .keyExists {
                    continue
                }
            }
            return false
        }
    }

    public func releaseDeadLetterReplay(pipeline: String, holder: String) async throws(TransportError) {
        try await wrap("release the replay of \(pipeline)'s dead letters") {
            let bucket = try await claims()
            let key = Self.replayClaimKey(pipeline)
            guard let entry = try await bucket.get(key), ReplayClaim(entry.value)?.holder == holder else { return }
            do {
                try await bucket.delete(key, revision: entry.revision)
            } catch let error as JetStreamError where error.code == .wrongRevision {
                // Taken over since (the claim had run out): it is not this holder's to end any more.
            }
        }
    }

    static func replayClaimKey(_ pipeline: String) -> String { "dead-letter-replay." + pipeline }

    private func claims() async throws -> KeyValue {
        do {
            return try await context.keyValue(Self.claimBucket)
        } catch let error as JetStreamError where error.code == .bucketNotFound {
            do {
                return try await context.createKeyValue(KeyValueConfig(bucket: Self.claimBucket))
            } catch {
                // Created by another process meanwhile.
                return try await context.keyValue(Self.claimBucket)
            }
        }
    }

    private static var nowMilliseconds: Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}

/// A claim as the bucket stores it.
private struct ReplayClaim {
    var expiresAt: Int64
    var holder: String

    init?(_ value: ByteBuffer) {
        let text = String(buffer: value)
        guard let space = text.firstIndex(of: " "), let expiresAt = Int64(text[..<space]) else { return nil }
        self.expiresAt = expiresAt
        self.holder = String(text[text.index(after: space)...])
    }
}
