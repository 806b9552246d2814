public import Hummingbird

/// Refuses requests whose `Host` or `Origin` the ``HostPolicy`` does not allow, before anything else runs.
///
/// Add it to the router itself, so it covers every route (open ones too) and unknown paths.
public struct HostPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The names and origins allowed.
    public let policy: HostPolicy

    public init(_ policy: HostPolicy) {
        self.policy = policy
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try policy.check(request)
        return try await next(request, context)
    }
}
