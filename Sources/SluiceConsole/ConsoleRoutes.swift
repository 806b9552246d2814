import HTTPTypes
public import Hummingbird

/// The web console: `GET /` and `GET /console/{file}`, plain HTML, CSS and JavaScript modules embedded in the binary.
///
/// The pages hold no data and need no token; everything they show they ask the operations API for, with the token
/// the operator enters, so the console can do nothing the token's scope does not allow. Every answer carries a strict
/// Content-Security-Policy (scripts, styles and requests from this origin only; no inline code, no framing), and an
/// entity tag with `Cache-Control: no-cache`, so a browser keeps the files and asks with `If-None-Match` whether a
/// new Sluice serves new ones.
public struct ConsoleRoutes: Sendable {
    /// The policy on every console answer.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    private static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    /// For browsers older than `frame-ancestors`.
    private static let frameOptions = HTTPField.Name("X-Frame-Options")!

    /// Creates the routes.
    public init() {}

    /// Adds `GET /` and `GET /console/{file}` to `router`.
    public func add<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.get("/") { request, _ in
            Self.response(ConsoleAssets.index, to: request)
        }
        router.get("console/{file}") { request, context in
            guard let name = context.parameters.get("file"), let asset = ConsoleAssets.files[name] else {
                throw HTTPError(.notFound, message: "the console has no such file")
            }
            return Self.response(asset, to: request)
        }
    }

    static func response(_ asset: ConsoleAsset, to request: Request) -> Response {
        var headers: HTTPFields = [
            .cacheControl: "no-cache",
            .eTag: asset.entityTag,
            .xContentTypeOptions: "nosniff",
            .contentSecurityPolicy: contentSecurityPolicy,
            Self.referrerPolicy: "no-referrer",
            Self.frameOptions: "DENY",
        ]
        if request.headers[values: .ifNoneMatch].contains(where: { $0 == asset.entityTag || $0 == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: asset.body))
    }
}
