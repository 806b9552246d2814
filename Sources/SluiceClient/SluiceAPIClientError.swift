/// Why a call to a running Sluice's operations API failed.
public enum SluiceAPIClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The base URL or a path built from it is not a valid URL.
    case invalidURL(String)
    /// The request could not be built (its body did not encode).
    case invalidRequest(String)
    /// No answer: nothing listens there, or the connection failed or timed out.
    case unreachable(url: String, reason: String)
    /// The server answered with an error body (`{"error": {"code", "message"}}`).
    case server(status: Int, code: String, message: String)
    /// The server answered with something that is not the API's JSON (another program on that port?).
    case unexpectedResponse(status: Int, body: String)

    public var description: String {
        switch self {
        case .invalidURL(let url):
            "not a valid URL: \(url)"
        case .invalidRequest(let reason):
            "cannot build the request: \(reason)"
        case .unreachable(let url, let reason):
            "cannot reach the Sluice API at \(url): \(reason) (is `sluice run` or `sluice dev` running? see --api)"
        case .server(401, let code, let message):
            "\(message) (HTTP 401, \(code); give a token with --token-file or SLUICE_TOKEN)"
        case .server(let status, let code, let message):
            "\(message) (HTTP \(status), \(code))"
        case .unexpectedResponse(let status, let body):
            "unexpected answer (HTTP \(status)): \(body.prefix(200))"
        }
    }
}
