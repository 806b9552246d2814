import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The local HTTP receiver of `sluice bench router`: counts deliveries and, for payloads that carry their
/// enqueue time (nanoseconds since the benchmark's origin), records enqueue-to-receiver latencies.
///
/// It is part of what is measured but not part of the router, so it is as light as a receiver can be: a bare
/// SwiftNIO HTTP/1.1 server that answers every request `200` with an empty body, on keep-alive connections.
final class RouterBenchReceiver: Sendable {
    let origin: ContinuousClock.Instant
    let port: Int
    private let tally: Tally
    private let channel: any Channel

    /// The deliveries counted and the latencies recorded.
    final class Tally: Sendable {
        let state = Mutex<(count: Int, latencies: [Double])>((0, []))
    }

    private init(origin: ContinuousClock.Instant, port: Int, tally: Tally, channel: any Channel) {
        self.origin = origin
        self.port = port
        self.tally = tally
        self.channel = channel
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var count: Int { tally.state.withLock { $0.count } }

    /// Takes the latencies recorded so far (milliseconds) and starts a new list.
    func takeLatencies() -> [Double] {
        tally.state.withLock { state in
            defer { state.latencies = [] }
            return state.latencies
        }
    }

    static func start(origin: ContinuousClock.Instant) async throws -> RouterBenchReceiver {
        let tally = Tally()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(Handler(tally: tally, origin: origin))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return RouterBenchReceiver(origin: origin, port: channel.localAddress?.port ?? 0, tally: tally, channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }

    /// Answers each request `200` once its body is in, recording it.
    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let tally: Tally
        private let origin: ContinuousClock.Instant
        private var body = ByteBuffer()
        private var keepAlive = true

        init(tally: Tally, origin: ContinuousClock.Instant) {
            self.tally = tally
            self.origin = origin
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                keepAlive = head.isKeepAlive
                body.clear()
            case .body(var part):
                body.writeBuffer(&part)
            case .end:
                record()
                var headers = HTTPHeaders()
                headers.add(name: "Content-Length", value: "0")
                if !keepAlive { headers.add(name: "Connection", value: "close") }
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
                if !keepAlive {
                    let channel = context.channel
                    written.whenComplete { _ in channel.close(promise: nil) }
                }
            }
        }

        private func record() {
            let now = ContinuousClock.now
            let sent = body.getString(at: body.readerIndex, length: body.readableBytes).flatMap { Int64($0) }
            tally.state.withLock { state in
                state.count += 1
                if let sent {
                    let elapsed = now - (origin + .nanoseconds(sent))
                    state.latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                }
            }
        }
    }
}
