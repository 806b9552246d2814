// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "sluice",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sluice", targets: ["sluice"]),
        .executable(name: "sluice-sync", targets: ["sluice-sync"]),
        .executable(name: "sluice-processor", targets: ["sluice-processor"]),
        .executable(name: "sluice-relay", targets: ["sluice-relay"]),
        .executable(name: "sluice-router", targets: ["sluice-router"]),
        .library(name: "NATS", targets: ["NATS"]),
        .library(name: "JetStream", targets: ["JetStream"]),
        .library(name: "EmbeddedNATS", targets: ["EmbeddedNATS"]),
        .library(name: "SluiceCore", targets: ["SluiceCore"]),
        .library(name: "SluiceYAML", targets: ["SluiceYAML"]),
        .library(name: "SluiceSQLite", targets: ["SluiceSQLite"]),
        .library(name: "SluiceIndex", targets: ["SluiceIndex"]),
        .library(name: "SluiceRuntime", targets: ["SluiceRuntime"]),
        .library(name: "SluiceJetStreamTransport", targets: ["SluiceJetStreamTransport"]),
        .library(name: "SluiceSQLiteTransport", targets: ["SluiceSQLiteTransport"]),
        .library(name: "SluiceSearchIndexConnector", targets: ["SluiceSearchIndexConnector"]),
        .library(name: "SluiceElasticsearchConnector", targets: ["SluiceElasticsearchConnector"]),
        .library(name: "SluiceConnectors", targets: ["SluiceConnectors"]),
        .library(name: "SluiceServer", targets: ["SluiceServer"]),
        .library(name: "SluiceClient", targets: ["SluiceClient"]),
        .library(name: "SluiceConsole", targets: ["SluiceConsole"]),
        .library(name: "SluiceHTTPAuth", targets: ["SluiceHTTPAuth"]),
        .library(name: "SluiceElasticsearch", targets: ["SluiceElasticsearch"]),
        .library(name: "SluiceBridge", targets: ["SluiceBridge"]),
        .library(name: "SluiceBridgePostgres", targets: ["SluiceBridgePostgres"]),
        .library(name: "SluiceBridgeSQLite", targets: ["SluiceBridgeSQLite"]),
        .library(name: "SluiceRouter", targets: ["SluiceRouter"]),
        .library(name: "SluiceSQS", targets: ["SluiceSQS"]),
        .library(name: "SluiceRouterAPI", targets: ["SluiceRouterAPI"]),
        .library(name: "SluiceTopology", targets: ["SluiceTopology"]),
        .library(name: "SluiceEdge", targets: ["SluiceEdge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    ],
    targets: [
        .target(
            name: "NATS",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "JetStream",
            dependencies: [
                "NATS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "SluiceCore"),
        .target(name: "SluiceYAML"),
        .target(
            name: "SluiceIndex",
            dependencies: [
                "CCRC32C",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "SluiceSQLite",
            dependencies: [
                "SluiceCore",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SluiceRuntime",
            dependencies: [
                "SluiceCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "SluiceYAML",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(
            name: "SluiceJetStreamTransport",
            dependencies: [
                "SluiceCore",
                "SluiceRuntime",
                "NATS",
                "JetStream",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "SluiceSQLiteTransport",
            dependencies: ["SluiceCore", "SluiceRuntime", "SluiceSQLite", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .target(
            name: "SluiceSearchIndexConnector",
            dependencies: [
                "SluiceCore", "SluiceRuntime", "SluiceSQLite", "SluiceIndex",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SluiceElasticsearchConnector",
            dependencies: [
                "SluiceCore",
                "SluiceRuntime",
                "SluiceElasticsearch",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "SluiceConnectors",
            dependencies: [
                "SluiceRuntime", "SluiceJetStreamTransport", "SluiceSQLiteTransport", "SluiceSearchIndexConnector",
                "SluiceElasticsearchConnector", "SluiceBridge",
            ]
        ),
        .target(
            name: "SluiceHTTPAuth",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
        .target(
            name: "SluiceConsole",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.embedInCode("Assets")]
        ),
        .target(
            name: "SluiceServer",
            dependencies: [
                "SluiceRuntime",
                "SluiceCore",
                "SluiceHTTPAuth",
                "SluiceConsole",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(name: "SluiceClient", dependencies: ["SluiceRuntime", "SluiceServer"]),
        .target(
            name: "SluiceElasticsearch",
            dependencies: [
                "SluiceCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SluiceBridge",
            dependencies: [
                "SluiceCore",
                "NATS",
                "JetStream",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "SluiceBridgePostgres",
            dependencies: [
                "SluiceBridge",
                "SluiceCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SluiceBridgeSQLite",
            dependencies: [
                "SluiceBridge",
                "SluiceCore",
                "SluiceSQLite",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ]
        ),
        .target(
            name: "SluiceRouter",
            dependencies: [
                "SluiceCore",
                "SluiceSQLite",
                "NATS",
                "JetStream",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(
            name: "SluiceSQS",
            dependencies: [
                "SluiceCore",
                "SluiceRouter",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "SluiceRouterAPI",
            dependencies: [
                "SluiceRouter",
                "SluiceCore",
                "SluiceHTTPAuth",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "SluiceTopology",
            dependencies: ["EmbeddedNATS", "SluiceRuntime", "SluiceYAML"]
        ),
        .target(
            name: "SluiceEdge",
            dependencies: [
                "NATS",
                "JetStream",
                "SluiceRuntime",
                "SluiceHTTPAuth",
                "SluiceSQLite",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                "SluiceYAML",
            ]
        ),
        .target(
            name: "EmbeddedNATS",
            dependencies: [
                "CSpawnSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "CSpawnSupport"),
        .target(name: "CCRC32C"),
        .target(
            name: "SluiceLauncher",
            dependencies: [
                "SluiceRuntime",
                "SluiceCore",
                "SluiceServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "SluiceSyncRoles",
            dependencies: [
                "SluiceLauncher",
                "SluiceRuntime",
                "SluiceCore",
                "SluiceJetStreamTransport",
                "SluiceElasticsearchConnector",
                "EmbeddedNATS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "sluice-sync",
            dependencies: [
                "SluiceLauncher",
                "SluiceSyncRoles",
                "SluiceRuntime",
                "SluiceJetStreamTransport",
                "SluiceElasticsearchConnector",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "SluiceOutboxRole",
            dependencies: [
                "SluiceLauncher",
                "SluiceBridge",
                "SluiceBridgePostgres",
                "SluiceBridgeSQLite",
                "SluiceConnectors",
                "SluiceCore",
                "SluiceHTTPAuth",
                "SluiceServer",
                "SluiceRuntime",
                "NATS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "SluiceYAML",
            ]
        ),
        .executableTarget(
            name: "sluice-relay",
            dependencies: [
                "SluiceLauncher",
                "SluiceOutboxRole",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "SluiceRouterRole",
            dependencies: [
                "SluiceLauncher",
                "SluiceRouter",
                "SluiceRouterAPI",
                "SluiceSQS",
                "SluiceSQLite",
                "SluiceCore",
                "SluiceHTTPAuth",
                "SluiceServer",
                "SluiceRuntime",
                "NATS",
                "JetStream",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                "SluiceYAML",
            ]
        ),
        .executableTarget(
            name: "sluice-router",
            dependencies: [
                "SluiceLauncher",
                "SluiceRouterRole",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "sluice-processor",
            dependencies: [
                "SluiceLauncher",
                "SluiceRuntime",
                "SluiceJetStreamTransport",
                "SluiceSQLiteTransport",
                "SluiceSearchIndexConnector",
                "SluiceElasticsearchConnector",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "sluice",
            dependencies: [
                "SluiceLauncher",
                "SluiceOutboxRole",
                "SluiceRouterRole",
                "SluiceSyncRoles",
                "SluiceClient",
                "NATS",
                "JetStream",
                "EmbeddedNATS",
                "SluiceCore",
                "SluiceRuntime",
                "SluiceConnectors",
                "SluiceJetStreamTransport",
                "SluiceSQLiteTransport",
                "SluiceSearchIndexConnector",
                "SluiceServer",
                "SluiceHTTPAuth",
                "SluiceSQLite",
                "SluiceIndex",
                "SluiceElasticsearch",
                "SluiceBridge",
                "SluiceBridgePostgres",
                "SluiceBridgeSQLite",
                "SluiceRouter",
                "SluiceSQS",
                "SluiceTopology",
                "SluiceEdge",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "index-crash-writer",
            dependencies: ["SluiceIndex"],
            path: "Tests/IndexCrashWriter"
        ),
        .executableTarget(
            name: "bridge-example",
            dependencies: [
                "SluiceBridge",
                "SluiceBridgePostgres",
                "SluiceCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/BridgeExample"
        ),
        .target(
            name: "NATSTestSupport",
            dependencies: ["NATS", "EmbeddedNATS", "SluiceCore"],
            path: "Tests/NATSTestSupport"
        ),
        .testTarget(
            name: "NATSTests",
            dependencies: [
                "NATS", "NATSTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "NATSIntegrationTests",
            dependencies: ["NATS", "EmbeddedNATS", "NATSTestSupport", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "SluiceCoreTests",
            dependencies: [
                "SluiceCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SluiceYAMLTests",
            dependencies: [
                "SluiceYAML",
                .product(name: "Yams", package: "Yams"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SluiceIndexTests",
            dependencies: ["SluiceIndex", "SluiceSQLite", "SluiceCore", "NATSTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "SluiceSQLiteTests",
            dependencies: [
                "SluiceSQLite", "SluiceCore", "NATSTestSupport",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SluiceRuntimeTests",
            dependencies: [
                "SluiceRuntime", "SluiceConnectors", "SluiceSearchIndexConnector", "SluiceElasticsearchConnector",
                "SluiceJetStreamTransport", "SluiceSQLiteTransport", "SluiceCore",
                "SluiceSQLite", "SluiceIndex", "SluiceElasticsearch", "NATSTestSupport", "NATS", "JetStream",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "SluiceServerTests",
            dependencies: [
                "SluiceConnectors",
                "SluiceClient",
                "SluiceServer", "SluiceRuntime", "SluiceHTTPAuth", "NATSTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "SluiceHTTPAuthTests",
            dependencies: [
                "SluiceHTTPAuth",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "SluiceCLITests",
            dependencies: [
                "NATSTestSupport", "SluiceElasticsearch", "SluiceCore", "NATS", "JetStream", "SluiceBridge", "SluiceBridgePostgres",
                "SluiceBridgeSQLite",
                "SluiceRouter", "SluiceSQLite",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SluiceElasticsearchTests",
            dependencies: [
                "SluiceElasticsearch", "SluiceCore", "NATSTestSupport", "EmbeddedNATS",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "JetStreamTests",
            dependencies: ["JetStream", "NATS", "NATSTestSupport", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "SluiceBridgeTests",
            dependencies: ["SluiceBridge", "SluiceCore", "NATS", "JetStream", "NATSTestSupport"]
        ),
        .testTarget(
            name: "SluiceBridgeStoreTests",
            dependencies: [
                "SluiceBridgePostgres", "SluiceBridgeSQLite", "SluiceBridge", "SluiceCore", "NATS", "JetStream", "NATSTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SluiceRouterTests",
            dependencies: [
                "SluiceRouter", "SluiceRouterAPI", "SluiceSQS", "SluiceSQLite", "SluiceCore", "SluiceHTTPAuth", "NATS", "JetStream",
                "NATSTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "JetStreamIntegrationTests",
            dependencies: ["JetStream", "NATS", "NATSTestSupport", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .target(
            name: "TopologyTestSupport",
            dependencies: ["SluiceTopology", "NATSTestSupport"],
            path: "Tests/TopologyTestSupport"
        ),
        .testTarget(
            name: "SluiceTopologyTests",
            dependencies: [
                "SluiceTopology", "TopologyTestSupport", "SluiceRuntime", "EmbeddedNATS", "NATSTestSupport", "NATS", "JetStream",
            ]
        ),
        .testTarget(
            name: "SluiceEdgeTests",
            dependencies: [
                "SluiceEdge", "SluiceTopology", "TopologyTestSupport", "SluiceRuntime", "SluiceHTTPAuth", "NATSTestSupport", "NATS",
                "JetStream",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
