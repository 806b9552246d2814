import Crypto
import NIOCore

/// The signature on every delivery, so receivers can check that a request came from the router.
///
/// The router sends `Sluice-Timestamp: <unix seconds>` and
/// `Sluice-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. A receiver recomputes the HMAC
/// over the timestamp header, a dot and the raw body bytes, compares in constant time, and rejects
/// timestamps more than a few minutes old.
public struct WebhookSignature: Sendable {
    /// The timestamp header.
    public static let timestampHeader = "Sluice-Timestamp"
    /// The signature header.
    public static let signatureHeader = "Sluice-Signature"

    /// The HMAC with the key already absorbed: each signature starts from a copy of it.
    private let keyed: HMAC<SHA256>

    /// Signs with `secret`.
    public init(secret: String) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: Array(secret.utf8)))
    }

    /// `v1=` and the hex HMAC of `timestamp.body`.
    public func signature(timestamp: Int64, body: ByteBuffer) -> String {
        var mac = keyed
        mac.update(data: Array("\(timestamp).".utf8))
        body.withUnsafeReadableBytes { mac.update(data: $0) }
        return "v1=" + Self.hex(mac.finalize())
    }

    /// Whether `signature` is this key's signature of `timestamp.body` (constant time).
    public func isValid(_ signature: String, timestamp: Int64, body: ByteBuffer) -> Bool {
        let expected = Array(self.signature(timestamp: timestamp, body: body).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}
