import Crypto
import SluiceCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Signs HTTP requests with AWS Signature Version 4 (header form, `Authorization: AWS4-HMAC-SHA256 …`).
///
/// Every header given is signed, plus `host` and `x-amz-date` (and `x-amz-security-token` for temporary
/// credentials), which ``sign(method:path:query:headers:body:date:)`` adds.
public struct SigV4Signer: Sendable {
    /// The key that signs.
    public var credentials: AWSCredentials
    /// The region, `us-east-1`.
    public var region: String
    /// The service's signing name, `sqs`.
    public var service: String

    /// Creates a signer.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The steps of one signature, for tests and error messages.
    public struct Signature: Sendable {
        /// The canonical request that was hashed.
        public var canonicalRequest: String
        /// The string that was signed.
        public var stringToSign: String
        /// The signature, lowercase hex.
        public var signature: String
        /// The headers to send: the given ones, `Host`, `X-Amz-Date`, the session token if any, and `Authorization`.
        public var headers: [(String, String)]
    }

    /// Signs a request.
    ///
    /// - Parameters:
    ///   - method: `GET`, `POST`, …
    ///   - path: The URI path, unencoded (`/`, `/123456789012/orders`).
    ///   - query: The query parameters, unencoded.
    ///   - host: The `Host` header: host, and port when not the scheme's default.
    ///   - headers: Other headers to sign and send.
    ///   - body: The request body.
    ///   - date: The signing time.
    public func sign(
        method: String,
        path: String,
        query: [(String, String)] = [],
        host: String,
        headers: [(String, String)] = [],
        body: [UInt8],
        date: Date
    ) -> Signature {
        let (amzDate, day) = Self.timestamps(date)
        var all = headers + [("Host", host), ("X-Amz-Date", amzDate)]
        if let token = credentials.sessionToken { all.append(("X-Amz-Security-Token", token)) }
        var canonical: [String: [String]] = [:]
        for (name, value) in all {
            canonical[name.lowercased(), default: []].append(Self.trimmed(value))
        }
        let names = canonical.keys.sorted()
        let signedHeaders = names.joined(separator: ";")
        let canonicalHeaders = names.map { "\($0):\(canonical[$0]!.joined(separator: ","))\n" }.joined()
        let encodedQuery: [(String, String)] = query.map { (Self.encode($0.0), Self.encode($0.1)) }
        let sortedQuery = encodedQuery.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
        let canonicalQuery = sortedQuery.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        let canonicalPath = path.split(separator: "/", omittingEmptySubsequences: false).map { Self.encode(String($0)) }.joined(separator: "/")
        let canonicalRequest = [
            method, canonicalPath.isEmpty ? "/" : canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders, Self.hex(SHA256.hash(data: body)),
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8)))].joined(separator: "\n")
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return Signature(
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: signature,
            headers: all + [("Authorization", authorization)]
        )
    }

    /// `20150830T123600Z` and `20150830` for `date`, in UTC.
    static func timestamps(_ date: Date) -> (String, String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        let day = "\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day))"
        return ("\(day)T\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z", day)
    }

    /// A header value with its ends trimmed and inner runs of spaces made one.
    static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ").trimmingWhitespace()
    }

    /// URI-encodes every byte but the unreserved characters `A–Z a–z 0–9 - . _ ~`.
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF".utf8)
                result += "%" + String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return result
    }

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}
