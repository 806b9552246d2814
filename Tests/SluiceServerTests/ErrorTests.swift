import Hummingbird
import HummingbirdTesting
import NIOCore
import SluiceRuntime
import Testing

@testable import SluiceServer

@Suite struct ErrorTests {
    @Test func statusForEveryCode() {
        let expected: [(OperationsError.Code, Int, String)] = [
            (.notFound, 404, "not_found"), (.badRequest, 400, "bad_request"), (.tooLarge, 413, "too_large"),
            (.backedUp, 429, "backed_up"), (.conflict, 409, "conflict"), (.internal, 500, "internal"),
            (.unavailable, 503, "unavailable"),
        ]
        for (code, status, name) in expected {
            #expect(code.httpStatus.code == status)
            #expect(code.wireName == name)
        }
    }

    @Test func unknownRouteIs404JSON() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client in
            let response = try await client.execute(uri: "/nothing/here", method: .get)
            #expect(response.status == .notFound)
            #expect(response.contentType == "application/json; charset=utf-8")
            #expect(try response.error() == ErrorBody.Detail(code: "not_found", message: "no such endpoint: /nothing/here"))
        }
    }

    /// Errors from routes of any kind reach the client as JSON.
    @Test func middlewareAnswersEveryErrorAsJSON() async throws {
        struct Opaque: Error {}
        let router = Router()
        router.middlewares.add(ErrorMiddleware(retryAfterSeconds: 3))
        router.get("internal") { _, _ -> String in throw OperationsError(.internal, "disk full") }
        router.get("unavailable") { _, _ -> String in throw OperationsError(.unavailable, "not connected") }
        router.get("opaque") { _, _ -> String in throw Opaque() }
        router.get("teapot") { _, _ -> String in throw HTTPError(.unsupportedMediaType, message: "send JSON") }
        let app = Application(router: router)
        try await app.test(.router) { client in
            let failure = try await client.execute(uri: "/internal", method: .get)
            #expect(failure.status == .internalServerError)
            #expect(try failure.error() == ErrorBody.Detail(code: "internal", message: "disk full"))

            let unavailable = try await client.execute(uri: "/unavailable", method: .get)
            #expect(unavailable.status == .serviceUnavailable)
            #expect(try unavailable.error().code == "unavailable")

            let opaque = try await client.execute(uri: "/opaque", method: .get)
            #expect(opaque.status == .internalServerError)
            #expect(try opaque.error().code == "internal")

            let media = try await client.execute(uri: "/teapot", method: .get)
            #expect(media.status == .unsupportedMediaType)
            #expect(try media.error() == ErrorBody.Detail(code: "http_415", message: "send JSON"))
        }
    }
}
