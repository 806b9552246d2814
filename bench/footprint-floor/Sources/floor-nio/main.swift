import FoundationEssentials
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

// An HTTP/1.1 health endpoint on SwiftNIO alone, with TLS (swift-nio-ssl) and JSON linked in: the least a role with an
// HTTP API and TLS connections needs. With an argument it serves until stopped (for measuring idle memory).
final class Health: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let body = (try? JSONEncoder().encode(["status": "ok"])) ?? Data()
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

let tls = try NIOSSLContext(configuration: .makeClientConfiguration())
let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
    .childChannelInitializer { channel in
        channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(Health()) }
    }
    .bind(host: "127.0.0.1", port: 0).get()
print("floor-nio: listening on \(channel.localAddress.map { "\($0)" } ?? "?"), TLS context \(ObjectIdentifier(tls))")
if CommandLine.arguments.count > 1 { try await channel.closeFuture.get() }
