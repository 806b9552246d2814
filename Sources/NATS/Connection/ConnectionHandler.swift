import NIOCore

/// The one handler of a connection's pipeline (after TLS, if any): decodes the server's bytes, runs the
/// handshake, answers the server's pings, sends keepalive pings, and hands everything else to the client.
///
/// Decoding here rather than in a separate `ByteToMessageHandler` saves a pipeline hop per message, and
/// lets messages of one read reach their subscriptions as one batch: a waiting consumer is woken once per read
/// of the socket (not once per burst of reads, so that it works on one read's messages while the next is decoded).
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case awaitingInfo
        case awaitingPong
        case connected
        case closed
    }

    private var state = State.awaitingInfo
    private let infoPromise: EventLoopPromise<NATSServerInfo>
    private let readyPromise: EventLoopPromise<Void>
    private let client: NATSClient
    private let pingInterval: TimeAmount
    private var pingTask: RepeatedTask?
    /// The first error seen, reported when the channel closes.
    private var failure: (any Error)?
    private var stream = ServerOpStream()
    /// Subscriptions that received messages during this read, woken at its end.
    private var delivery = DeliveryBatch()

    init(client: NATSClient, pingInterval: TimeAmount, infoPromise: EventLoopPromise<NATSServerInfo>, readyPromise: EventLoopPromise<Void>) {
        self.client = client
        self.pingInterval = pingInterval
        self.infoPromise = infoPromise
        self.readyPromise = readyPromise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        defer { delivery.wake() }
        do {
            try stream.feed(unwrapInboundIn(data), allocator: context.channel.allocator) { op in
                process(op, context: context)
                if case .closed = state { return false }
                return true
            }
        } catch {
            fail(context: context, error)
        }
    }

    private func process(_ op: ServerOp, context: ChannelHandlerContext) {
        if case .ping = op {
            var pong = context.channel.allocator.buffer(capacity: 6)
            ClientOpEncoder.pong(into: &pong)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
            return
        }
        switch state {
        case .awaitingInfo:
            guard case .info(let info) = op else {
                fail(context: context, NATSError(.protocolError, "expected INFO from the server first"))
                return
            }
            state = .awaitingPong
            infoPromise.succeed(info)
        case .awaitingPong:
            switch op {
            case .pong:
                state = .connected
                startPinging(context: context)
                readyPromise.succeed(())
            case .error(let text):
                fail(context: context, Self.handshakeError(text))
            default:
                break
            }
        case .connected:
            if case .message(let inbound) = op {
                client.deliver(inbound, batch: &delivery)
            } else {
                client.handle(op, from: context.channel)
            }
        case .closed:
            break
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, case .connected = state {
            client.channelBecameWritable(context.channel)
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        pingTask?.cancel()
        delivery.wake()
        let wasConnected = if case .connected = state { true } else { false }
        let error = failure ?? NATSError(.connectionClosed, "the server closed the connection")
        state = .closed
        infoPromise.fail(error)
        readyPromise.fail(error)
        if wasConnected { client.connectionLost(context.channel, error: error) }
        context.fireChannelInactive()
    }

    private func startPinging(context: ChannelHandlerContext) {
        let channel = context.channel
        let client = self.client
        pingTask = context.eventLoop.scheduleRepeatedTask(initialDelay: pingInterval, delay: pingInterval) { _ in
            client.pingIntervalElapsed(channel)
        }
    }

    private func fail(context: ChannelHandlerContext, _ error: any Error) {
        if failure == nil { failure = Self.classify(error) }
        context.close(promise: nil)
    }

    private static func handshakeError(_ text: String) -> NATSError {
        let lowered = text.lowercased()
        if lowered.contains("authorization") || lowered.contains("authentication") || lowered.contains("auth") {
            return NATSError(.authorizationViolation, "the server refused the credentials: \(text)")
        }
        return NATSError(.connectFailed, "the server refused the connection: \(text)")
    }

    static func classify(_ error: any Error) -> any Error {
        if error is NATSError { return error }
        let text = String(describing: error)
        if String(reflecting: type(of: error)).contains("NIOSSL") || text.contains("BoringSSL") {
            return NATSError(.tls, "TLS failed: \(text)")
        }
        return NATSError(.connectionClosed, "connection error: \(text)")
    }
}
