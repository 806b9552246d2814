import Logging
import NATSTestSupport
import SluiceCore
import SluiceElasticsearch

/// Starts an osmem-server, connects a client to it, runs `body`, and shuts both down however `body` ends.
///
/// - Parameter settings: The client's configuration but for its URL.
func withOSMem<Result>(
    settings: ElasticsearchConfiguration = ElasticsearchConfiguration(urls: []),
    _ body: (ElasticsearchClient, TestOSMemServer) async throws -> Result
) async throws -> Result {
    try await TestOSMemServer.withServer { server in
        var configuration = settings
        configuration.urls = [server.url]
        return try await ElasticsearchClient.withClient(configuration, logger: testLogger) { client in
            try await body(client, server)
        }
    }
}

let testLogger: Logger = {
    var logger = Logger(label: "sluice.elasticsearch.test")
    logger.logLevel = .warning
    return logger
}()

/// Mappings for the test documents: a long `n`, a date `updated_at`, a keyword `tag`, a text `title`.
let testMappings: JSONValue = [
    "settings": ["number_of_shards": 1],
    "mappings": [
        "properties": [
            "n": ["type": "long"],
            "updated_at": ["type": "date"],
            "tag": ["type": "keyword"],
            "title": ["type": "text"],
        ]
    ],
]
