import NATS
import NIOCore
import NIOPosix
import Testing

/// A connection that ends right after its handshake must not be taken for a live one: the client either
/// fails to connect or sees the loss and stops, never stays "connected" to a closed channel.
@Suite struct HandshakeHangUpTests {
    /// Answers the handshake (`INFO`, then `PONG` to the client's first `PING`) and hangs up at once.
    private final class HangUpAfterPong: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        private var received = ""

        func channelActive(context: ChannelHandlerContext) {
            let info = #"INFO {"server_id":"hang-up","version":"2.10.0","proto":1,"max_payload":1048576,"headers":true}"#
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: info + "\r\n")), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += String(buffer: unwrapInboundIn(data))
            guard received.contains("PING\r\n") else { return }
            let pong = ByteBuffer(string: "PONG\r\n")
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(pong)).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    @Test(arguments: 0..<20) func aServerHangingUpRightAfterThePongLeavesNoLiveConnection(round: Int) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(HangUpAfterPong()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { server.close(promise: nil) }
        let port = try #require(server.localAddress?.port)
        var options = NATSClientOptions(servers: ["nats://127.0.0.1:\(port)"])
        options.reconnect.enabled = false
        let client: NATSClient
        do {
            client = try await NATSClient.connect(options)
        } catch let error as NATSError {
            #expect([.connectFailed, .connectionClosed, .timeout].contains(error.code), "\(error)")
            return
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while client.isConnected, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(!client.isConnected, "the client still takes a closed connection for a live one")
        await client.close()
    }
}
