// swift-tools-version:6.1
import PackageDescription

// The smallest programs built from the stack Sluice's production roles stand on, to measure the size and idle memory
// that stack costs before any of Sluice's own code: see README.md.
let package = Package(
    name: "footprint-floor",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
    ],
    targets: [
        .executableTarget(name: "floor-swift"),
        .executableTarget(name: "floor-essentials"),
        .executableTarget(
            name: "floor-nio",
            dependencies: [
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "floor-hummingbird",
            dependencies: [
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ]
)
