import FoundationEssentials

extension ElasticsearchConfiguration {
    /// The credentials sent in the `Authorization` header of every request.
    public enum Authentication: Sendable, Hashable {
        /// No `Authorization` header.
        case none
        /// HTTP basic authentication: `Authorization: Basic base64(username:password)`.
        case basic(username: String, password: String)
        /// An Elasticsearch API key, already encoded as the server hands it out (the `encoded` field, which is
        /// `base64(id:api_key)`): `Authorization: ApiKey <encoded>`.
        case apiKey(String)
        /// A bearer token (an OAuth2 or service-account token): `Authorization: Bearer <token>`.
        case bearer(String)

        /// An API key from its `id` and `api_key` parts, encoded as the `ApiKey` scheme wants.
        public static func apiKey(id: String, key: String) -> Authentication {
            .apiKey(Data("\(id):\(key)".utf8).base64EncodedString())
        }

        /// The value of the `Authorization` header, or `nil` for ``none``.
        public var headerValue: String? {
            switch self {
            case .none: nil
            case .basic(let username, let password): "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
            case .apiKey(let encoded): "ApiKey " + encoded
            case .bearer(let token): "Bearer " + token
            }
        }
    }
}

extension ElasticsearchConfiguration.Authentication: CustomStringConvertible {
    /// The scheme only, never the secret, so configurations can be logged.
    public var description: String {
        switch self {
        case .none: "none"
        case .basic(let username, _): "basic(\(username))"
        case .apiKey: "apiKey"
        case .bearer: "bearer"
        }
    }
}
