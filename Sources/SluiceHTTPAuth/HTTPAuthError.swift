import FoundationEssentials
public import Hummingbird

/// A request refused by authentication or by the Host/Origin checks.
///
/// It renders itself as `{"error": {"code": "unauthorized", "message": "…"}}` with its status (and
/// `WWW-Authenticate: Bearer` on a `401`), the error body shape of Sluice's APIs; an API with its own error
/// middleware can catch it and write ``code``, ``message``, ``status`` and ``headers`` its own way.
public struct HTTPAuthError: HTTPResponseError, Equatable {
    /// Why the request was refused.
    public enum Reason: String, Sendable, Hashable {
        /// No `Authorization: Bearer …` header: `401`, code `unauthorized`.
        case missingCredential
        /// A credential that does not verify (unknown token, bad signature, expired, not yet valid, wrong issuer or
        /// audience): `401`, code `unauthorized`.
        case invalidCredential
        /// A valid credential without the route's scope: `403`, code `forbidden`.
        case insufficientScope
        /// A `Host` header that is not an allowed name: `403`, code `host_not_allowed`.
        case hostNotAllowed
        /// An `Origin` header that is not an allowed origin: `403`, code `origin_not_allowed`.
        case originNotAllowed
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
    public var code: String {
        switch reason {
        case .missingCredential, .invalidCredential: "unauthorized"
        case .insufficientScope: "forbidden"
        case .hostNotAllowed: "host_not_allowed"
        case .originNotAllowed: "origin_not_allowed"
        }
    }

    public var status: HTTPResponse.Status {
        switch reason {
        case .missingCredential, .invalidCredential: .unauthorized
        case .insufficientScope, .hostNotAllowed, .originNotAllowed: .forbidden
        }
    }

    /// `WWW-Authenticate` as RFC 6750 has it: `Bearer` on a `401` (with `error="invalid_token"` when a token was
    /// sent), `error="insufficient_scope"` on a scope `403`; none on the `Host`/`Origin` refusals.
    public var headers: HTTPFields {
        switch reason {
        case .missingCredential: [.wwwAuthenticate: "Bearer realm=\"sluice\""]
        case .invalidCredential: [.wwwAuthenticate: "Bearer realm=\"sluice\", error=\"invalid_token\""]
        case .insufficientScope: [.wwwAuthenticate: "Bearer realm=\"sluice\", error=\"insufficient_scope\""]
        case .hostNotAllowed, .originNotAllowed: [:]
        }
    }

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
