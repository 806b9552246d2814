/// An error the JetStream API returned: the `error` object of a `$JS.API.*` response or of a publish
/// acknowledgement.
///
/// ```json
/// {"error": {"code": 404, "err_code": 10059, "description": "stream not found"}}
/// ```
public struct JetStreamAPIError: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The HTTP-like status code (400, 404, 500, 503…).
    public var code: Int
    /// The server's specific error code, such as ``JetStreamErrorCode/streamNotFound`` (10059).
    public var errorCode: JetStreamErrorCode
    /// The server's explanation, for people.
    public var errorDescription: String

    /// Creates an API error.
    public init(code: Int, errorCode: JetStreamErrorCode, description: String) {
        self.code = code
        self.errorCode = errorCode
        self.errorDescription = description
    }

    enum CodingKeys: String, CodingKey {
        case code
        case errorCode = "err_code"
        case errorDescription = "description"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(Int.self, forKey: .code, default: 0)
        errorCode = JetStreamErrorCode(rawValue: try container.decode(UInt16.self, forKey: .errorCode, default: 0))
        errorDescription = try container.decode(String.self, forKey: .errorDescription, default: "")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        if errorCode.rawValue != 0 { try container.encode(errorCode.rawValue, forKey: .errorCode) }
        try container.encodeIfNotEmpty(errorDescription, forKey: .errorDescription)
    }

    public var description: String { "\(errorDescription) (status \(code), err_code \(errorCode.rawValue))" }
}
