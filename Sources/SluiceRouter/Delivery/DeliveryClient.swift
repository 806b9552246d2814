import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Sends delivery POSTs over keep-alive HTTP/1.1 connections kept per origin: a lean client for the router's one
/// kind of request, with no redirects, no decompression and one request at a time per connection.
///
/// A connection is taken from the origin's idle ones (the most recently used first) or opened, and put back after a
/// complete answer that allows keep-alive. A request that finds a reused connection closed before any answer (the
/// receiver closed it while it was idle) is sent once more on a new connection; it carries its idempotency key.
final class DeliveryClient: Sendable {
    /// How long a connection may stay idle before it is closed rather than reused.
    static let idleTimeout = Duration.seconds(50)

    private struct IdleConnection {
        var channel: any Channel
        var since: ContinuousClock.Instant
    }

    private let group: any EventLoopGroup
    private let maxIdlePerOrigin: Int
    private let tls: NIOSSLContext?
    private let idle = Mutex<[String: [IdleConnection]]>([:])

    /// Creates a client keeping at most `maxIdlePerOrigin` idle connections to each origin.
    init(maxIdlePerOrigin: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
        self.maxIdlePerOrigin = max(maxIdlePerOrigin, 1)
        tls = try? NIOSSLContext(configuration: .makeClientConfiguration())
    }

    /// Closes the idle connections.
    func shutdown() async {
        let all = idle.withLock { idle in
            defer { idle = [:] }
            return idle.values.flatMap { $0 }
        }
        for connection in all { try? await connection.channel.close() }
    }

    /// POSTs `body` to `target` and returns the answer.
    /// - Throws: ``DeliveryTimeout`` when no complete answer came within `timeout`; `CancellationError` when the task
    ///   was cancelled (the connection is closed); a connection error otherwise.
    func post(_ target: DeliveryTarget, headers: HTTPHeaders, body: ByteBuffer, timeout: Duration) async throws -> DeliveryResponse {
        let deadline = NIODeadline.now() + .of(timeout)
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: target.path, headers: headers)
        head.headers.replaceOrAdd(name: "Host", value: target.hostHeader)
        head.headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        if let reused = takeIdle(target.origin) {
            do {
                return try await exchange(head, body, on: reused, origin: target.origin, deadline: deadline)
            } catch let error as DeliveryConnectionError where error.beforeAnswer && NIODeadline.now() < deadline && !Task.isCancelled {
                // The receiver closed the idle connection: try a new one.
            }
        }
        let channel: any Channel
        do {
            channel = try await connect(target, deadline: deadline)
        } catch  where NIODeadline.now() >= deadline {
            throw DeliveryTimeout()
        }
        return try await exchange(head, body, on: channel, origin: target.origin, deadline: deadline)
    }

    /// Writes one request on `channel` and waits for its answer; the connection is kept for reuse or closed.
    private func exchange(
        _ head: HTTPRequestHead,
        _ body: ByteBuffer,
        on channel: any Channel,
        origin: String,
        deadline: NIODeadline
    ) async throws -> DeliveryResponse {
        let promise = channel.eventLoop.makePromise(of: DeliveryResponse.self)
        channel.eventLoop.execute {
            do {
                try channel.pipeline.syncOperations.handler(type: DeliveryResponseHandler.self).expect(promise)
            } catch {
                promise.fail(DeliveryConnectionError.failedBeforeAnswer(error))
                return
            }
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) { channel.close(promise: nil) }
        do {
            // A cancelled delivery closes its connection, which fails the promise.
            let response = try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                channel.close(promise: nil)
            }
            timer.cancel()
            if response.keepAlive { putIdle(channel, origin: origin) } else { channel.close(promise: nil) }
            return response
        } catch {
            timer.cancel()
            channel.close(promise: nil)
            if NIODeadline.now() >= deadline { throw DeliveryTimeout() }
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    private func connect(_ target: DeliveryTarget, deadline: NIODeadline) async throws -> any Channel {
        let tls = target.tls ? self.tls : nil
        if target.tls, tls == nil { throw DeliveryConnectionError.failedBeforeAnswer(DeliveryTLSUnavailable()) }
        let serverName = target.host.contains(":") || target.host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : target.host
        let remaining = deadline - NIODeadline.now()
        return try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(remaining > .zero ? remaining : .milliseconds(1))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName)) }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(DeliveryResponseHandler())
                }
            }
            .connect(host: target.host, port: target.port)
            .get()
    }

    /// An idle connection to `origin` that is still open and not idle for too long, closing those that are.
    private func takeIdle(_ origin: String) -> (any Channel)? {
        let now = ContinuousClock.now
        var stale: [any Channel] = []
        let found = idle.withLock { idle -> (any Channel)? in
            while let connection = idle[origin]?.popLast() {
                if connection.channel.isActive, now - connection.since < Self.idleTimeout { return connection.channel }
                stale.append(connection.channel)
            }
            return nil
        }
        for channel in stale { channel.close(promise: nil) }
        return found
    }

    private func putIdle(_ channel: any Channel, origin: String) {
        let kept = idle.withLock { idle -> Bool in
            guard idle[origin, default: []].count < maxIdlePerOrigin else { return false }
            idle[origin, default: []].append(IdleConnection(channel: channel, since: .now))
            return true
        }
        if !kept { channel.close(promise: nil) }
    }
}

/// No complete answer came within the delivery's timeout.
struct DeliveryTimeout: Error, CustomStringConvertible {
    var description: String { "timed out" }
}

/// The system's TLS trust roots could not be loaded, so `https` targets cannot be reached.
struct DeliveryTLSUnavailable: Error, CustomStringConvertible {
    var description: String { "TLS is not available: the trusted certificates could not be loaded" }
}
