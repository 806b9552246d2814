import FoundationEssentials
import Hummingbird
import NIOPosix
import NIOSSL

// A Hummingbird health endpoint with TLS (swift-nio-ssl) linked in: the HTTP server every production role's API is
// built on. With an argument it serves until stopped (for measuring idle memory).
let tls = try NIOSSLContext(configuration: .makeClientConfiguration())
let router = Router()
router.get("/healthz") { _, _ in "ok" }
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: 0)),
    eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton)
)
print("floor-hummingbird: TLS context \(ObjectIdentifier(tls))")
if CommandLine.arguments.count > 1 { try await app.runService() }
