import NATSTestSupport
import SluiceCore
import Testing

@testable import SluiceElasticsearch

@Suite struct ServerDetectionTests {
    @Test func osmemAnswersAsOpenSearch3() async throws {
        try await withOSMem { client, _ in
            #expect(client.serverInfo.flavour == .opensearch)
            #expect(client.serverInfo.majorVersion == 3)
            #expect(client.serverInfo.supportsPointInTime)
            let again = try await client.info()
            #expect(again == client.serverInfo)
        }
    }

    @Test func flavourAndVersionFromRoot() throws {
        let elastic = try ServerInfo(root: ["cluster_name": "c", "version": ["number": "8.15.1", "build_flavor": "default"]])
        #expect(elastic.flavour == .elasticsearch)
        #expect(elastic.majorVersion == 8 && elastic.minorVersion == 15)
        #expect(elastic.supportsPointInTime)
        #expect(elastic.clusterName == "c")

        let oldElastic = try ServerInfo(root: ["version": ["number": "7.9.3"]])
        #expect(!oldElastic.supportsPointInTime)
        #expect(try ServerInfo(root: ["version": ["number": "9.0.0"]]).supportsPointInTime)

        let openSearch1 = try ServerInfo(root: ["version": ["number": "1.3.19", "distribution": "opensearch"]])
        #expect(openSearch1.flavour == .opensearch)
        #expect(!openSearch1.supportsPointInTime)
        #expect(try ServerInfo(root: ["version": ["number": "2.4.0", "distribution": "opensearch"]]).supportsPointInTime)

        #expect(throws: ElasticsearchError.self) { try ServerInfo(root: ["tagline": "You Know, for Search"]) }
    }

    @Test func pointInTimeOnAnOldServerIsUnsupported() async throws {
        try await TestOSMemServer.withServer { server in
            let old = ServerInfo(flavour: .opensearch, version: "1.3.0")
            try await ElasticsearchClient.withClient(.init(url: server.url), serverInfo: old, logger: testLogger) { client in
                let error = await #expect(throws: ElasticsearchError.self) {
                    try await client.openPointInTime(index: "x", keepAlive: .seconds(30))
                }
                #expect(error?.code == .unsupported)
            }
        }
    }
}
