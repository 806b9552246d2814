import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The local HTTP receiver of `sluice bench router`: counts deliveries and, while timing, records when each
/// message (by its `Idempotency-Key`) arrived.
///
/// It is part of what is measured but not part of the router, so it is as light as a receiver can be: a bare
/// SwiftNIO HTTP/1.1 server that answers every request `200` with an empty body, on keep-alive connections.
final class RouterBenchReceiver: Sendable {
    let port: Int
    private let tally: Tally
    private let channel: any Channel

    /// The deliveries counted and, while timing, each arrival by message id.
    final class Tally: Sendable {
        let state = Mutex<(count: Int, arrivals: [String: ContinuousClock.Instant]?)>((0, nil))
    }

    private init(port: Int, tally: Tally, channel: any Channel) {
        self.port = port
        self.tally = tally
        self.channel = channel
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var count: Int { tally.state.withLock { $0.count } }

    /// Starts recording arrivals.
    func startTiming() {
        tally.state.withLock { $0.arrivals = [:] }
    }

    /// Stops recording and returns each message's arrival, by id.
    func takeArrivals() -> [String: ContinuousClock.Instant] {
        tally.state.withLock { state in
            defer { state.arrivals = nil }
            return state.arrivals ?? [:]
        }
    }

    static func start() async throws -> RouterBenchReceiver {
        let tally = Tally()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(Handler(tally: tally))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return RouterBenchReceiver(port: channel.localAddress?.port ?? 0, tally: tally, channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }

    /// Answers each request `200` once its body is in, recording it.
    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let tally: Tally
        private var id: String?
        private var keepAlive = true

        init(tally: Tally) {
            self.tally = tally
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                keepAlive = head.isKeepAlive
                id = head.headers.first(name: "Idempotency-Key")
            case .body:
                break
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
            tally.state.withLock { state in
                state.count += 1
                if let id, state.arrivals != nil { state.arrivals?[id] = now }
            }
        }
    }
}
