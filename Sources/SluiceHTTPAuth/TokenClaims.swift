import FoundationEssentials
import JWTKit

/// The claims Sluice reads from a JWT. Checks of `exp`, `nbf`, `iss` and `aud` are made by
/// ``HTTPAuthenticator`` after the signature verified, with its leeway and clock.
struct TokenClaims: JWTPayload, Equatable {
    var subject: String?
    var issuer: String?
    var audience: [String]?
    var expires: Date?
    var notBefore: Date?
    var issuedAt: Date?
    /// Space-separated in the token (`"read admin"`), or a JSON array of names.
    var scopes: [String]

    enum CodingKeys: String, CodingKey {
        case subject = "sub"
        case issuer = "iss"
        case audience = "aud"
        case expires = "exp"
        case notBefore = "nbf"
        case issuedAt = "iat"
        case scopes = "scope"
    }

    init(
        subject: String?,
        issuer: String?,
        audience: [String]?,
        expires: Date?,
        notBefore: Date?,
        issuedAt: Date?,
        scopes: [String]
    ) {
        self.subject = subject
        self.issuer = issuer
        self.audience = audience
        self.expires = expires
        self.notBefore = notBefore
        self.issuedAt = issuedAt
        self.scopes = scopes
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        issuer = try container.decodeIfPresent(String.self, forKey: .issuer)
        if let one = try? container.decodeIfPresent(String.self, forKey: .audience) {
            audience = [one]
        } else {
            audience = try container.decodeIfPresent([String].self, forKey: .audience)
        }
        expires = try container.decodeIfPresent(Double.self, forKey: .expires).map(Date.init(timeIntervalSince1970:))
        notBefore = try container.decodeIfPresent(Double.self, forKey: .notBefore).map(Date.init(timeIntervalSince1970:))
        issuedAt = try container.decodeIfPresent(Double.self, forKey: .issuedAt).map(Date.init(timeIntervalSince1970:))
        if let text = try? container.decodeIfPresent(String.self, forKey: .scopes) {
            scopes = text.split(separator: " ").map(String.init)
        } else {
            scopes = try container.decodeIfPresent([String].self, forKey: .scopes) ?? []
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(subject, forKey: .subject)
        try container.encodeIfPresent(issuer, forKey: .issuer)
        if let audience {
            if audience.count == 1 {
                try container.encode(audience[0], forKey: .audience)
            } else {
                try container.encode(audience, forKey: .audience)
            }
        }
        try container.encodeIfPresent(expires.map { Int($0.timeIntervalSince1970) }, forKey: .expires)
        try container.encodeIfPresent(notBefore.map { Int($0.timeIntervalSince1970) }, forKey: .notBefore)
        try container.encodeIfPresent(issuedAt.map { Int($0.timeIntervalSince1970) }, forKey: .issuedAt)
        try container.encode(scopes.joined(separator: " "), forKey: .scopes)
    }

    /// Claims are checked by the authenticator, which knows the leeway and the expected issuer and audience.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
