// swift-tools-version:6.1
import Foundation
import PackageDescription

// libFuzzer targets for Sluice's parsers of untrusted input. Not part of `swift build` or `make test`: `make fuzz`
// builds them with ASan and libFuzzer's coverage instrumentation and runs each for `FUZZ_SECONDS` (see
// docs/reliability.md). Internal decoders are reached with `@testable import`, so the build passes `-enable-testing`.

/// SwiftPM names a path dependency after its directory, which is whatever the clone was called.
let sluice = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "sluice"

/// A fuzz target: an executable whose `main` hands libFuzzer the test function.
func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + dependencies)
}

let package = Package(
    name: "sluice-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(name: "FuzzSupport"),
        fuzzTarget(
            "FuzzServerOps",
            [.product(name: "NATS", package: sluice), .product(name: "NIOCore", package: "swift-nio")]
        ),
        fuzzTarget(
            "FuzzJetStreamResponses",
            [
                .product(name: "JetStream", package: sluice), .product(name: "NATS", package: sluice),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        fuzzTarget("FuzzJSON", [.product(name: "SluiceCore", package: sluice)]),
        fuzzTarget(
            "FuzzConfig",
            [
                .product(name: "SluiceRuntime", package: sluice),
                .product(name: "SluiceJetStreamTransport", package: sluice),
                .product(name: "SluiceSQLiteTransport", package: sluice),
                .product(name: "SluiceSearchIndexConnector", package: sluice),
                .product(name: "SluiceYAML", package: sluice),
            ]
        ),
        fuzzTarget(
            "FuzzSearchQuery",
            [.product(name: "SluiceSQLite", package: sluice), .product(name: "SluiceCore", package: sluice)]
        ),
        fuzzTarget("FuzzSegmentReader", [.product(name: "SluiceIndex", package: sluice)]),
        fuzzTarget("FuzzSegmentQuery", [.product(name: "SluiceIndex", package: sluice)]),
        fuzzTarget(
            "FuzzIngestLines",
            [
                .product(name: "SluiceRuntime", package: sluice), .product(name: "SluiceCore", package: sluice),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
