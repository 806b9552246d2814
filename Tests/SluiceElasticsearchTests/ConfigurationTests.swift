import AsyncHTTPClient
import NATSTestSupport
import SluiceCore
import Testing

@testable import SluiceElasticsearch

@Suite struct ConfigurationTests {
    @Test func authorizationHeaders() {
        typealias Authentication = ElasticsearchConfiguration.Authentication
        #expect(Authentication.none.headerValue == nil)
        #expect(Authentication.basic(username: "elastic", password: "changeme").headerValue == "Basic ZWxhc3RpYzpjaGFuZ2VtZQ==")
        #expect(
            Authentication.apiKey("VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==").headerValue
                == "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="
        )
        #expect(
            Authentication.apiKey(id: "VuaCfGcBCdbkQm-e5aOx", key: "ui2lp2axTNmsyakw9tvNnw")
                == .apiKey("VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==")
        )
        #expect(Authentication.bearer("tok").headerValue == "Bearer tok")
        // Secrets stay out of descriptions.
        #expect("\(Authentication.basic(username: "u", password: "secret"))" == "basic(u)")
        #expect(!"\(Authentication.bearer("secret"))".contains("secret"))
    }

    @Test func basicAuthIsSentAndAcceptedByOSMem() async throws {
        // osmem does not check credentials; this shows the header does not break requests.
        var settings = ElasticsearchConfiguration(urls: [])
        settings.authentication = .basic(username: "sluice", password: "pw")
        try await withOSMem(settings: settings) { client, _ in
            let exists = try await client.indexExists("x")
            #expect(exists == false)
        }
    }

    @Test func tlsFiles() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        let valid = ElasticsearchConfiguration.TLS(
            caFile: certificates.caFile,
            certificateFile: certificates.clientCertificateFile,
            privateKeyFile: certificates.clientKeyFile
        )
        let configuration = try valid.makeTLSConfiguration()
        #expect(configuration.certificateChain.count == 1)

        let missing = #expect(throws: ElasticsearchError.self) {
            try ElasticsearchConfiguration.TLS(caFile: certificates.directory + "/nope.pem").makeTLSConfiguration()
        }
        #expect(missing?.code == .invalidConfiguration)
        let half = #expect(throws: ElasticsearchError.self) {
            try ElasticsearchConfiguration.TLS(certificateFile: certificates.clientCertificateFile).makeTLSConfiguration()
        }
        #expect(half?.code == .invalidConfiguration)
    }

    @Test func badConfigurationsFailBeforeConnecting() async {
        for urls in [[], ["127.0.0.1:9200"], ["ftp://x"]] {
            let error = await #expect(throws: ElasticsearchError.self) {
                try await ElasticsearchClient.withClient(ElasticsearchConfiguration(urls: urls)) { _ in }
            }
            #expect(error?.code == .invalidConfiguration)
        }
    }

    @Test func pathsAndTimeValues() {
        #expect(PathEncoding.encode("assets-2026.01") == "assets-2026.01")
        #expect(PathEncoding.encode("a/b c?d#é") == "a%2Fb%20c%3Fd%23%C3%A9")
        #expect(PathEncoding.indices(["logs-*", "metrics"]) == "logs-*,metrics")
        #expect(PointInTime.timeValue(.seconds(30)) == "30s")
        #expect(PointInTime.timeValue(.seconds(120)) == "2m")
        #expect(PointInTime.timeValue(.milliseconds(1500)) == "1500ms")
        #expect(PointInTime.timeValue(.microseconds(1)) == "1ms")
        #expect(PointInTime.timeValue(.seconds(86_400)) == "1d")
    }

    @Test func searchBody() {
        var request = SearchRequest(index: "i", query: ["match_all": [:]], sort: [.init("updated_at", missing: "_first"), .init("_id")], size: 2)
        request.searchAfter = [1_767_225_600_000, "a"]
        #expect(
            request.body.description
                == #"{"size":2,"query":{"match_all":{}},"sort":[{"updated_at":{"order":"asc","missing":"_first"}},{"_id":{"order":"asc"}}],"#
                + #""search_after":[1767225600000,"a"],"version":true,"seq_no_primary_term":true,"track_total_hits":false}"#
        )
        request.pointInTime = PointInTime(id: "abc", keepAlive: .seconds(60))
        #expect(request.body["pit"] == ["id": "abc", "keep_alive": "1m"])
    }

    @Test func nodeRotationSkipsDeadNodes() {
        let selector = NodeSelector(urls: ["a", "b", "c"], cooldown: .seconds(5))
        let now = ContinuousClock.now
        #expect(
            [selector.next(now: now), selector.next(now: now), selector.next(now: now), selector.next(now: now)].map(\.url) == ["a", "b", "c", "a"]
        )
        selector.markDead(1, now: now)
        #expect([selector.next(now: now), selector.next(now: now), selector.next(now: now)].map(\.url) == ["c", "a", "c"])
        // After the cooldown it is back.
        let later = now.advanced(by: .seconds(6))
        #expect(Set((0..<3).map { _ in selector.next(now: later).url }) == ["a", "b", "c"])
        // All dead: the one that comes back first.
        selector.markDead(0, now: now)
        selector.markDead(1, now: now.advanced(by: .seconds(1)))
        selector.markDead(2, now: now.advanced(by: .seconds(2)))
        #expect(selector.next(now: now).url == "a")
        selector.markAlive(2)
        #expect(selector.next(now: now).url == "c")
    }
}

@Suite struct RequestPreparationTests {
    func withTransport(
        authentication: ElasticsearchConfiguration.Authentication,
        gzip: Bool = false,
        _ body: (ElasticsearchTransport) throws -> Void
    ) async throws {
        var configuration = ElasticsearchConfiguration(url: "http://127.0.0.1:9")
        configuration.authentication = authentication
        configuration.gzipRequests = gzip
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        do {
            try body(ElasticsearchTransport(http: http, configuration: configuration, logger: testLogger))
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    @Test func credentialsAndGzipGoIntoTheRequest() async throws {
        let json: JSONValue = ["query": ["match": ["title": .string(String(repeating: "heron ", count: 400))]]]
        try await withTransport(authentication: .apiKey("abc"), gzip: true) { transport in
            let prepared = try transport.prepare(ElasticsearchRequest(.POST, "/i/_search", json: json))
            #expect(prepared.headers["Authorization"] == ["ApiKey abc"])
            #expect(prepared.headers["Content-Encoding"] == ["gzip"])
            #expect(prepared.headers["Content-Type"] == ["application/json"])
            let body = try #require(prepared.body)
            #expect(body.getBytes(at: body.readerIndex, length: 2) == [0x1F, 0x8B])
            #expect(body.readableBytes < 200)
            // Small bodies are sent as they are.
            let small = try transport.prepare(ElasticsearchRequest(.POST, "/i/_count", json: ["query": ["match_all": [:]]]))
            #expect(small.headers["Content-Encoding"].isEmpty)
            #expect(small.body.map { String(buffer: $0) } == #"{"query":{"match_all":{}}}"#)
        }
        try await withTransport(authentication: .basic(username: "u", password: "p")) { transport in
            let prepared = try transport.prepare(ElasticsearchRequest(.GET, "/"))
            #expect(prepared.headers["Authorization"] == ["Basic dTpw"])
            #expect(prepared.body == nil)
        }
    }
}

@Suite struct NodeURLTests {
    @Test func credentialsInANodeURLBecomeBasicAuthenticationAndLeaveTheURL() {
        let node = NodeURL("https://elastic:p%40ss:word@es.internal:9200/prefix/")
        #expect(node.base == "https://es.internal:9200/prefix")
        #expect(node.user == "elastic")
        #expect(node.password == "p@ss:word")
        #expect(node.authorization == ElasticsearchConfiguration.Authentication.basic(username: "elastic", password: "p@ss:word").headerValue)
        #expect(NodeURL("http://127.0.0.1:9200/").base == "http://127.0.0.1:9200")
        #expect(NodeURL("http://127.0.0.1:9200").authorization == nil)
        // An @ after the authority is a path, not userinfo.
        #expect(NodeURL("http://proxy/es@v1").base == "http://proxy/es@v1")
    }

    @Test func redactedURLsKeepTheUserAndHideThePassword() {
        #expect(ElasticsearchConfiguration.redacted("https://elastic:secret@es:9200/x") == "https://elastic:<redacted>@es:9200/x")
        #expect(ElasticsearchConfiguration.redacted("https://token@es:9200") == "https://token@es:9200")
        #expect(ElasticsearchConfiguration.redacted("http://es:9200") == "http://es:9200")
    }

    @Test func aNodeURLWithCredentialsIsUsedAndErrorsNameItWithoutThem() async throws {
        try await TestOSMemServer.withServer { server in
            let port = server.url.split(separator: ":").last.map(String.init) ?? ""
            let client = try await ElasticsearchClient.connect(ElasticsearchConfiguration(urls: ["http://sluice:pw-123@127.0.0.1:\(port)"]))
            #expect(try await client.indexExists("x") == false)
            try await client.shutdown()
        }
        var configuration = ElasticsearchConfiguration(urls: ["http://sluice:pw-123@127.0.0.1:1"])
        configuration.retry.maximumAttempts = 1
        let error = await #expect(throws: ElasticsearchError.self) { _ = try await ElasticsearchClient.connect(configuration) }
        #expect(!"\(try #require(error))".contains("pw-123"))
    }
}
