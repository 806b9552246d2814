import NIOCore
import NIOHTTP1

/// The answer to one delivery request.
struct DeliveryResponse: Sendable {
    /// The status code.
    var status: Int
    /// The `Retry-After` header, if any.
    var retryAfter: String?
    /// The start of the body (up to ``DeliveryResponseHandler/bodyStartLimit`` bytes).
    var bodyStart: String
    /// Whether the connection may carry another request.
    var keepAlive: Bool
}

/// Why a delivery request got no answer.
enum DeliveryConnectionError: Error, CustomStringConvertible {
    /// The connection closed (or failed) before the answer's head arrived; on a reused connection, the receiver
    /// may have closed it while it was idle.
    case closedBeforeAnswer
    /// The connection failed before the answer's head arrived.
    case failedBeforeAnswer(any Error)
    /// The connection closed or failed while the answer was arriving.
    case closedDuringAnswer

    /// Whether nothing of the answer arrived: on a reused connection, the request may be sent again on a new one.
    var beforeAnswer: Bool {
        if case .closedDuringAnswer = self { return false }
        return true
    }

    var description: String {
        switch self {
        case .closedBeforeAnswer: "the connection closed before an answer"
        case .failedBeforeAnswer(let error): "\(error)"
        case .closedDuringAnswer: "the connection closed during the answer"
        }
    }
}

/// The last handler of a delivery connection: completes the promise of the request in flight (one at a time) with
/// the answer, keeping only the start of its body.
final class DeliveryResponseHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    /// How much of an answer's body is kept.
    static let bodyStartLimit = 512

    private var promise: EventLoopPromise<DeliveryResponse>?
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()
    private var isActive = true

    /// Expects the answer to a request about to be written; fails at once when the connection is gone.
    func expect(_ promise: EventLoopPromise<DeliveryResponse>) {
        guard isActive else {
            promise.fail(DeliveryConnectionError.closedBeforeAnswer)
            return
        }
        self.promise = promise
        head = nil
        body.clear()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            // An informational answer (100 Continue) precedes the real one.
            if head.status.code >= 200 || head.status.code == 101 { self.head = head }
        case .body(var part):
            let room = Self.bodyStartLimit - body.readableBytes
            if room > 0, let slice = part.readSlice(length: min(room, part.readableBytes)) { body.writeImmutableBuffer(slice) }
        case .end:
            guard let head, let promise else { return }
            self.promise = nil
            self.head = nil
            promise.succeed(
                DeliveryResponse(
                    status: Int(head.status.code),
                    retryAfter: head.headers.first(name: "Retry-After"),
                    bodyStart: String(decoding: body.readableBytesView, as: UTF8.self),
                    keepAlive: head.isKeepAlive
                )
            )
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(head == nil ? DeliveryConnectionError.failedBeforeAnswer(error) : DeliveryConnectionError.closedDuringAnswer)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        fail(head == nil ? DeliveryConnectionError.closedBeforeAnswer : DeliveryConnectionError.closedDuringAnswer)
        context.fireChannelInactive()
    }

    private func fail(_ error: any Error) {
        promise?.fail(error)
        promise = nil
    }
}
