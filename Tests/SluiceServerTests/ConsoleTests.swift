import Foundation
import HTTPTypes
import HummingbirdTesting
import SluiceConnectors
import SluiceRuntime
import SluiceServer
import Testing

/// The web console's files as the server sends them: without a token, with a strict Content-Security-Policy, with
/// entity tags a browser revalidates, and not at all when the console is turned off.
@Suite struct ConsoleTests {
    static let policy = HTTPField.Name("Content-Security-Policy")!

    @Test func pagesNeedNoTokenAndCarryTheirPolicy() async throws {
        try await TestServer.withClient(TestServer.makeOperations(), configuration: AuthFixtures.configuration()) { client async throws in
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok)
            #expect(page.contentType == "text/html; charset=utf-8")
            #expect(String(buffer: page.body).contains("<script type=\"module\" src=\"/console/app.js\">"))
            let policy = try #require(page.headers[Self.policy])
            #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe"))
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            let script = try await client.execute(uri: "/console/app.js", method: .get)
            #expect(script.status == .ok)
            #expect(script.contentType == "text/javascript; charset=utf-8")
            // The data behind the pages still needs the token.
            #expect(try await client.execute(uri: "/pipelines", method: .get).status == .unauthorized)
        }
    }

    @Test func unchangedFilesAreNotSentAgain() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client async throws in
            let first = try await client.execute(uri: "/console/console.css", method: .get)
            let tag = try #require(first.headers[.eTag])
            #expect(first.headers[.cacheControl] == "no-cache")
            let again = try await client.execute(uri: "/console/console.css", method: .get, headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            let other = try await client.execute(uri: "/console/app.js", method: .get, headers: [.ifNoneMatch: tag])
            #expect(other.status == .ok)
        }
    }

    @Test func unknownFilesAreNotFound() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client async throws in
            for path in ["/console/nope.js", "/console/..%2Fconsole.css", "/console/"] {
                #expect(try await client.execute(uri: path, method: .get).status == .notFound, "\(path)")
            }
        }
    }

    @Test func consoleCanBeTurnedOff() async throws {
        var configuration = SluiceHTTPServerConfiguration()
        configuration.console = false
        try await TestServer.withClient(TestServer.makeOperations(), configuration: configuration) { client async throws in
            #expect(try await client.execute(uri: "/", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/console/app.js", method: .get).status == .notFound)
        }
        let config = try SluiceConfig.parse(
            """
            server: {console: false}
            pipelines:
              - {name: notes, source: {type: http}, sink: {type: search_index, index: notes, fields: [title]}}
            """,
            connectors: .builtIn
        )
        #expect(config.server.console == false)
        let server = try SluiceHTTPServerConfiguration(config: config)
        #expect(server.console == false)
    }

    /// `GET /pipelines` names the index `GET /search` finds a pipeline's records in.
    @Test func pipelinesNameTheirSearchIndex() async throws {
        let config = try SluiceConfig.parse(
            """
            pipelines:
              - {name: notes, source: {type: http}, sink: {type: search_index, index: notebook, fields: [title]}}
              - {name: relay, source: {type: http}, sink: {type: publish, subject: out.relay}}
            """,
            connectors: .builtIn
        )
        #expect(config.pipelines.map(\.sink.searchIndex) == ["notebook", nil])
    }
}
