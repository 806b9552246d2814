public import NIOCore

extension NATSClient {
    /// Publishes a request and waits for the first reply.
    ///
    /// All requests share one wildcard inbox subscription.
    /// - Throws: ``NATSError`` `.noResponders` when nobody subscribes to `subject`, `.timeout` when no reply
    ///   comes in time, `.cancelled` when the task is cancelled, `.permissionViolation` when the server refuses the publish.
    public func request(
        _ subject: String,
        payload: ByteBuffer = ByteBuffer(),
        headers: NATSHeaders? = nil,
        timeout: Duration = .seconds(5)
    )
        async throws -> NATSMessage
    {
        let prefix = try requestInboxPrefix()
        let token = requests.makeToken()
        let requests = self.requests
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<NATSMessage, any Error>) in
                requests.register(token: token, subject: subject, timeout: timeout, on: eventLoop, continuation: continuation)
                do {
                    _ = try enqueuePublish(subject, payload: payload, headers: headers, replyTo: prefix + token)
                } catch let error as NATSError {
                    requests.fail(token: token, error)
                } catch {
                    requests.fail(token: token, NATSError(.invalidArgument, "\(error)"))
                }
            }
        } onCancel: {
            requests.fail(token: token, NATSError(.cancelled, "the request to '\(subject)' was cancelled"))
        }
    }

    /// Publishes a request with a UTF-8 string payload and waits for the first reply.
    public func request(
        _ subject: String,
        _ string: String,
        headers: NATSHeaders? = nil,
        timeout: Duration = .seconds(5)
    ) async throws
        -> NATSMessage
    {
        try await request(subject, payload: ByteBuffer(string: string), headers: headers, timeout: timeout)
    }

    /// The prefix of reply subjects (`_INBOX.<id>.`), subscribing to `_INBOX.<id>.*` on first use.
    private func requestInboxPrefix() throws -> String {
        if let prefix = state.withLock({ $0.requestInboxPrefix }) { return prefix }
        let prefix = newInbox() + "."
        let requests = self.requests
        let tokenStart = prefix.utf8.count
        var created = false
        _ = try enqueue { state in
            guard state.requestInboxPrefix == nil else { return }
            state.requestInboxPrefix = prefix
            let sid = state.nextSID
            state.nextSID += 1
            state.subscriptions[sid] = ClientState.Subscription(
                subject: prefix + "*",
                queue: nil,
                sink: .callback { message in
                    let token = String(decoding: message.subject.utf8.dropFirst(tokenStart), as: UTF8.self)
                    requests.deliver(token: token, message: message)
                }
            )
            if state.isConnected {
                ClientOpEncoder.subscribe(subject: prefix + "*", queue: nil, sid: sid, into: &state.outbound)
            }
            created = true
        }
        return created ? prefix : try requestInboxPrefix()
    }

    /// Waits until the server has processed everything sent before (a `PING`/`PONG` round trip).
    public func flush(timeout: Duration = .seconds(10)) async throws {
        let box = FlushWaiter()
        let timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            box.fail(NATSError(.timeout, "the server did not answer PING within \(timeout)"))
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            box.set(continuation)
            do {
                _ = try enqueue { state in
                    guard state.isConnected else {
                        throw NATSError(.connectionClosed, "not connected; the flush cannot reach the server")
                    }
                    ClientOpEncoder.ping(into: &state.outbound)
                    state.pongWaiters.append(box)
                }
            } catch {
                box.fail(error)
            }
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
