import Foundation
public import Hummingbird

/// A request refused by authentication or by the Host/Origin checks.
///
/// It renders itself as `{"error": {"code": "unauthorized", "message": "…"}}` with its status (and
/// `WWW-Authenticate: Bearer` on a `401`), the error body shape of Sluice's APIs; an API with its own error
/// middleware can catch it and write ``code``, ``message``, ``status`` and ``headers`` its own way.
public struct HTTPAuthError: HTTPResponseError, Equatable {
    /// Why the request was refused.
    public enum Reason: String, Sendable, Hashable {
        /// No credential, or one that does not verify (bad signature, expired, not yet valid, wrong issuer or
        /// audience, unknown token): `401`.
        case unauthorized
        /// A valid credential without the route's scope: `403`.
        case forbidden
        /// A `Host` header that is not an allowed name: `403`.
        case hostNotAllowed = "host_not_allowed"
        /// An `Origin` header that is not an allowed origin: `403`.
        case originNotAllowed = "origin_not_allowed"
    }

    /// Why the request was refused.
    public var reason: Reason
    /// A sentence for a person; never contains the credential.
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// The error body's `code`: `unauthorized`, `forbidden`, `host_not_allowed` or `origin_not_allowed`.
    public var code: String { reason.rawValue }

    public var status: HTTPResponse.Status {
        reason == .unauthorized ? .unauthorized : .forbidden
    }

    /// `WWW-Authenticate` on a `401` (RFC 6750: `Bearer`, with `error="invalid_token"` when a token was sent);
    /// `insufficient_scope` on a scope `403`.
    public var headers: HTTPFields {
        switch reason {
        case .unauthorized:
            let detail = message.hasPrefix(Self.noCredential) ? "" : ", error=\"invalid_token\""
            return [.wwwAuthenticate: "Bearer realm=\"sluice\"\(detail)"]
        case .forbidden:
            return [.wwwAuthenticate: "Bearer realm=\"sluice\", error=\"insufficient_scope\""]
        case .hostNotAllowed, .originNotAllowed:
            return [:]
        }
    }

    /// How the message of a request without credentials starts.
    static let noCredential = "no bearer token"

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(["error": ["code": code, "message": message]])
        data.append(UInt8(ascii: "\n"))
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
