import Hummingbird
import Logging
import SluiceHTTPAuth
import SluiceRuntime

/// Turns every error a route throws into the API's JSON error body.
///
/// - ``SluiceRuntime/OperationsError``: the status from its code; `429` also carries `Retry-After`.
/// - `SluiceHTTPAuth`'s `HTTPAuthError`: `401` (with `WWW-Authenticate: Bearer`) or `403`, code `unauthorized`,
///   `forbidden`, `host_not_allowed` or `origin_not_allowed`.
/// - Hummingbird's `HTTPError` (unknown route, …): its status, with the matching code.
/// - Anything else: `500` with code `internal`, logged at error level.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Seconds a client is told to wait after a `429`.
    let retryAfterSeconds: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as OperationsError {
            var headers: HTTPFields = [:]
            if error.code == .backedUp {
                headers[.retryAfter] = String(retryAfterSeconds)
            }
            if error.code.httpStatus == .internalServerError {
                context.logger.error("operation failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            }
            return try JSONResponse.make(
                ErrorBody(code: error.code.wireName, message: error.message),
                status: error.code.httpStatus,
                headers: headers
            )
        } catch let error as IngestRejected {
            return try JSONResponse.make(
                ErrorBody(
                    code: OperationsError.Code.badRequest.wireName,
                    message: error.message,
                    rejected: error.outcome.rejected,
                    rejectedCount: error.outcome.rejectedCount
                ),
                status: .badRequest
            )
        } catch let error as HTTPAuthError {
            return try JSONResponse.make(ErrorBody(code: error.code, message: error.message), status: error.status, headers: error.headers)
        } catch let error as HTTPError {
            let code = OperationsError.Code.forStatus(error.status)?.wireName ?? "http_\(error.status.code)"
            let message = error.body ?? Self.message(for: error.status, path: request.uri.path)
            return try JSONResponse.make(ErrorBody(code: code, message: message), status: error.status, headers: error.headers)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return try JSONResponse.make(
                ErrorBody(code: OperationsError.Code.internal.wireName, message: "internal error: \(error)"),
                status: .internalServerError
            )
        }
    }

    /// A default sentence for an HTTP error that came without one.
    private static func message(for status: HTTPResponse.Status, path: String) -> String {
        switch status {
        case .notFound: "no such endpoint: \(path)"
        default: status.reasonPhrase
        }
    }
}
