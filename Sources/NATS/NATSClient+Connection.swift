import NIOCore
import NIOPosix
import NIOSSL

extension NATSClient {
    /// Tries each server of the pool once, in pool order.
    func connectFirstTime() async throws {
        let urls = state.withLock { $0.pool.urls }
        var lastError: any Error = NATSError(.connectFailed, "no server to connect to")
        for url in urls {
            do {
                let (channel, info) = try await establish(url)
                try adopt(channel, info: info, url: url)
                logger.info("connected to NATS", metadata: ["server": "\(url)", "version": "\(info.version)"])
                emit(.connected(server: url.description))
                return
            } catch {
                lastError = error
            }
        }
        state.withLock { $0.phase = .closed }
        if let error = lastError as? NATSError, error.code != .connectionClosed { throw error }
        throw NATSError(.connectFailed, "could not connect to \(urls.map(\.description).joined(separator: ", ")): \(lastError)")
    }

    /// Opens a connection to `url` and runs the handshake: `INFO`, TLS if wanted, `CONNECT`, `PING`/`PONG`.
    func establish(_ url: NATSServerURL) async throws -> (any Channel, NATSServerInfo) {
        let infoPromise = eventLoop.makePromise(of: NATSServerInfo.self)
        let readyPromise = eventLoop.makePromise(of: Void.self)
        let tlsFirst = options.tls?.handshakeFirst ?? false
        let tlsContext = self.tlsContext
        let pingInterval = TimeAmount(options.pingInterval)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(options.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                do {
                    let sync = channel.pipeline.syncOperations
                    if tlsFirst, let tlsContext {
                        try sync.addHandler(try Self.makeTLSHandler(tlsContext, url: url))
                    }
                    try sync.addHandler(
                        ConnectionHandler(client: self, pingInterval: pingInterval, infoPromise: infoPromise, readyPromise: readyPromise)
                    )
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: url.host, port: url.port).get()
        } catch {
            infoPromise.fail(error)
            readyPromise.fail(error)
            throw NATSError(.connectFailed, "cannot reach \(url): \(error)")
        }
        // The deadline fails only what is still pending, and the catch below closes the channel: closing it here
        // could close one whose handshake has just finished, before the client adopts it.
        let deadline = eventLoop.scheduleTask(in: TimeAmount(options.connectTimeout)) {
            let timeout = NATSError(.timeout, "no handshake with \(url) within \(self.options.connectTimeout)")
            infoPromise.fail(timeout)
            readyPromise.fail(timeout)
        }
        defer { deadline.cancel() }
        do {
            let info = try await infoPromise.futureResult.get()
            let useTLS = tlsContext != nil && (url.requiresTLS || options.tls != nil || info.tlsRequired)
            if info.tlsRequired && tlsContext == nil {
                throw NATSError(.tls, "\(url) requires TLS; use a tls:// URL or TLS options")
            }
            if useTLS && !tlsFirst, let tlsContext {
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(try Self.makeTLSHandler(tlsContext, url: url), position: .first)
                }.get()
            }
            var auth = options.auth
            if case .none = auth, let user = url.user {
                auth = url.password.map { .userPassword(user: user, password: $0) } ?? .token(user)
            }
            let connect = ConnectRequest(
                tlsRequired: useTLS,
                name: options.name,
                echo: options.echo,
                auth: try auth.connectFields(nonce: info.nonce)
            )
            var buffer = channel.allocator.buffer(capacity: 512)
            ClientOpEncoder.connect(try connect.json(), into: &buffer)
            ClientOpEncoder.ping(into: &buffer)
            try await channel.writeAndFlush(buffer)
            try await readyPromise.futureResult.get()
            return (channel, info)
        } catch {
            channel.close(promise: nil)
            // A write fails with "closed channel" when TLS or the server ended the connection; the handler knows why.
            var cause = error
            if !(error is NATSError) {
                do { try await readyPromise.futureResult.get() } catch { cause = error }
            }
            if let error = ConnectionHandler.classify(cause) as? NATSError, error.code != .connectionClosed { throw error }
            throw NATSError(.connectFailed, "handshake with \(url) failed: \(cause)")
        }
    }

    private static func makeTLSHandler(_ context: NIOSSLContext, url: NATSServerURL) throws -> NIOSSLClientHandler {
        do {
            return try NIOSSLClientHandler(context: context, serverHostname: url.hostIsIPAddress ? nil : url.host)
        } catch {
            throw NATSError(.tls, "cannot start TLS with \(url): \(error)")
        }
    }

    /// Makes a handshaken channel the client's connection: restores subscriptions and sends what was buffered.
    func adopt(_ channel: any Channel, info: NATSServerInfo, url: NATSServerURL) throws {
        try state.withLock { state in
            guard !state.isClosed else {
                channel.close(promise: nil)
                throw NATSError(.connectionClosed, "the client was closed while connecting")
            }
            // A connection that ended between its handshake and here had its loss ignored (it was not yet the
            // client's); adopting it would leave the client writing to a closed channel with nothing reconnecting.
            guard channel.isActive else {
                throw NATSError(.connectionClosed, "the connection to \(url) closed right after its handshake")
            }
            state.serverInfo = info
            state.currentServer = url
            state.lameDuckReported = false
            state.pool.connected(to: url, now: poolTime())
            if addsDiscoveredServers {
                var generator = SystemRandomNumberGenerator()
                state.pool.addDiscovered(info.connectURLs, using: &generator)
            }
            state.keepAlive.pongReceived()
            var restored = channel.allocator.buffer(capacity: state.outbound.readableBytes + 64 * state.subscriptions.count)
            for (sid, subscription) in state.subscriptions.sorted(by: { $0.key < $1.key }) {
                ClientOpEncoder.subscribe(subject: subscription.subject, queue: subscription.queue, sid: sid, into: &restored)
                if let max = subscription.maxMessages {
                    ClientOpEncoder.unsubscribe(sid: sid, max: max - subscription.delivered, into: &restored)
                }
            }
            restored.writeBuffer(&state.outbound)
            state.outbound = restored
            state.phase = .connected(channel)
            state.writeBlocked = false
            state.flushScheduled = true
        }
        channel.eventLoop.execute { self.writeOutbound(to: channel) }
    }

    /// Handles an operation from the server on an established connection; runs on the event loop.
    func handle(_ op: ServerOp, from channel: any Channel) {
        switch op {
        case .message(let inbound):
            var batch = DeliveryBatch()
            deliver(inbound, batch: &batch)
            batch.wake()
        case .pong:
            let waiter = state.withLock { state -> FlushWaiter?? in
                state.keepAlive.pongReceived()
                return state.pongWaiters.popFirst()
            }
            waiter??.succeed()
        case .info(let info):
            serverInfoUpdated(info)
        case .error(let text):
            serverError(text)
        case .ok, .ping:
            break
        }
    }

    private func serverInfoUpdated(_ info: NATSServerInfo) {
        let lameDuck: String? = state.withLock { state in
            state.serverInfo = info
            if addsDiscoveredServers {
                var generator = SystemRandomNumberGenerator()
                state.pool.addDiscovered(info.connectURLs, using: &generator)
            }
            guard info.lameDuckMode, !state.lameDuckReported else { return nil }
            state.lameDuckReported = true
            return state.currentServer?.description
        }
        if let lameDuck {
            logger.info("server entered lame duck mode", metadata: ["server": "\(lameDuck)"])
            emit(.lameDuckMode(server: lameDuck))
        }
    }

    private func serverError(_ text: String) {
        logger.info("server error", metadata: ["error": "\(text)"])
        emit(.serverError(text))
        let lowered = text.lowercased()
        guard lowered.hasPrefix("permissions violation") else { return }
        let subject = text.split(separator: "\"", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
        let error = NATSError(.permissionViolation, text)
        if lowered.contains("for subscription") {
            failSubscriptions(subject: subject, error: error)
        } else if lowered.contains("for publish") {
            requests.fail(subject: subject, error)
        }
    }

    /// The time for the server pool's schedule: since the client was created.
    func poolTime() -> Duration {
        ContinuousClock.now - createdAt
    }

    /// Sends a keepalive ping, or drops a stale connection so it is reconnected; runs on the event loop.
    func pingIntervalElapsed(_ channel: any Channel) {
        let action: KeepAlive.Action? = state.withLock { state in
            guard case .connected(let current) = state.phase, current === channel else { return nil }
            let action = state.keepAlive.intervalElapsed()
            if action == .sendPing {
                ClientOpEncoder.ping(into: &state.outbound)
                state.pongWaiters.append(nil)
            }
            return action
        }
        switch action {
        case .sendPing:
            scheduleWrite()
        case .stale:
            logger.info("stale connection: no pong for \(options.maxPingsOutstanding) pings; reconnecting")
            channel.close(promise: nil)
        case nil:
            break
        }
    }

    /// Called by the handler when an established connection ends; starts reconnecting.
    func connectionLost(_ channel: any Channel, error: any Error) {
        let outcome: (waiters: [FlushWaiter], backpressure: [CheckedContinuation<Void, any Error>], reconnect: Bool)? = state.withLock { state in
            guard case .connected(let current) = state.phase, current === channel else { return nil }
            state.phase = .disconnected
            state.flushScheduled = false
            state.writeBlocked = false
            state.keepAlive.pongReceived()
            let backpressure = state.backpressureWaiters
            state.backpressureWaiters.removeAll()
            return (state.takePongWaiters(), backpressure, options.reconnect.enabled)
        }
        guard let outcome else { return }
        let lost = NATSError(.connectionClosed, "the connection was lost before the server answered")
        for waiter in outcome.waiters { waiter.fail(lost) }
        for waiter in outcome.backpressure { waiter.resume() }
        logger.info("disconnected from NATS", metadata: ["reason": "\(error)"])
        emit(.disconnected(reason: "\(error)"))
        if outcome.reconnect {
            let task = Task { await self.reconnectLoop() }
            state.withLock { $0.reconnectTask = task }
        } else {
            Task { await self.close() }
        }
    }

    /// Tries the pool's servers, pausing between rounds, until one accepts or all are used up.
    private func reconnectLoop() async {
        while !Task.isCancelled {
            let jitter = options.reconnect.jitter == .zero ? Duration.zero : options.reconnect.jitter * Double.random(in: 0...1)
            let step: ServerPool.Step? = state.withLock { state in
                state.isClosed ? nil : state.pool.nextStep(now: poolTime(), jitter: jitter)
            }
            switch step {
            case nil:
                return
            case .giveUp:
                logger.info("giving up reconnecting: every server failed its maximum attempts")
                await close()
                return
            case .wait(let duration):
                try? await Task.sleep(for: duration)
            case .connect(let url):
                do {
                    let (channel, info) = try await establish(url)
                    try adopt(channel, info: info, url: url)
                    logger.info("reconnected to NATS", metadata: ["server": "\(url)"])
                    emit(.reconnected(server: url.description))
                    return
                } catch let error as NATSError where error.code == .authorizationViolation {
                    // Retrying refused credentials only hammers the server: drop it from the pool.
                    logger.info("server refused the credentials on reconnect; dropping it", metadata: ["server": "\(url)"])
                    emit(.serverError(error.message))
                    state.withLock { $0.pool.remove(url) }
                } catch {
                    logger.debug("reconnect attempt failed", metadata: ["server": "\(url)", "error": "\(error)"])
                    state.withLock { $0.pool.failed(url) }
                }
            }
        }
    }
}
