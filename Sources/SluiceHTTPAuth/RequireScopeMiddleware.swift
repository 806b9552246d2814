public import Hummingbird

/// Lets a request through only with a credential that grants ``scope``: `401` without a valid one, `403` with one
/// that lacks the scope. Without an authenticator (authentication off), every request goes through.
public struct RequireScopeMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The scope the routes behind this middleware need.
    public let scope: HTTPScope
    /// Checks credentials; `nil` when authentication is off.
    public let authenticator: HTTPAuthenticator?

    public init(_ scope: HTTPScope, authenticator: HTTPAuthenticator?) {
        self.scope = scope
        self.authenticator = authenticator
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authenticator else { return try await next(request, context) }
        let principal = try await authenticator.authenticate(request)
        guard principal.isGranted(scope) else {
            context.logger.notice(
                "request refused: missing scope",
                metadata: ["principal": "\(principal.name)", "scope": "\(scope)", "path": "\(request.uri.path)"]
            )
            throw HTTPAuthError(
                .insufficientScope,
                "this endpoint needs the \"\(scope)\" scope; the token of \"\(principal.name)\" does not grant it"
            )
        }
        return try await next(request, context)
    }
}

extension RouterMethods {
    /// A group of routes under `path` that need `scope` (see ``RequireScopeMiddleware``).
    ///
    /// ```swift
    /// let read = router.group(requiring: .read, authenticator: authenticator)
    /// read.get("items") { _, _ in … }
    /// ```
    public func group(_ path: RouterPath = "", requiring scope: HTTPScope, authenticator: HTTPAuthenticator?) -> RouterGroup<Context> {
        group(path).add(middleware: RequireScopeMiddleware<Context>(scope, authenticator: authenticator))
    }
}
