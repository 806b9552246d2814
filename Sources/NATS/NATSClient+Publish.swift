public import NIOCore

extension NATSClient {
    /// Publishes a message. Returns once it is buffered for sending (core NATS confirms nothing;
    /// use ``flush(timeout:)`` to know the server has it, or JetStream for acknowledgements).
    ///
    /// - Throws: ``NATSError`` `.maxPayloadExceeded` when headers and payload exceed the server's `max_payload`,
    ///   `.reconnectBufferExceeded` when disconnected with a full reconnect buffer, `.invalidArgument` for a bad
    ///   subject or header, `.connectionClosed` after ``close()``.
    @inlinable  // inlined into the caller's async frame: no task allocation per message
    nonisolated(nonsending) public func publish(
        _ subject: String,
        payload: ByteBuffer = ByteBuffer(),
        headers: NATSHeaders? = nil,
        replyTo: String? = nil
    )
        async throws
    {
        if try enqueuePublish(subject, payload: payload, headers: headers, replyTo: replyTo) {
            try await waitForOutboundSpace()
        }
    }

    /// Publishes a UTF-8 string.
    nonisolated(nonsending) public func publish(_ subject: String, _ string: String, headers: NATSHeaders? = nil, replyTo: String? = nil) async throws
    {
        try await publish(subject, payload: ByteBuffer(string: string), headers: headers, replyTo: replyTo)
    }

    /// Publishes raw bytes.
    nonisolated(nonsending) public func publish(
        _ subject: String,
        bytes: some Sequence<UInt8>,
        headers: NATSHeaders? = nil,
        replyTo: String? = nil
    ) async throws {
        try await publish(subject, payload: ByteBuffer(bytes: bytes), headers: headers, replyTo: replyTo)
    }

    /// Encodes a publish into the outbound buffer. Returns `true` when the buffer is over its high-water mark.
    @usableFromInline
    func enqueuePublish(_ subject: String, payload: ByteBuffer, headers: NATSHeaders?, replyTo: String?) throws -> Bool {
        let headers = headers.flatMap { $0.isEmpty ? nil : $0 }
        if let headers { try headers.validate() }
        let size = ClientOpEncoder.payloadSize(headers: headers, payload: payload)
        return try enqueue(payloadSize: size) { state in
            try ClientOpEncoder.publish(subject: subject, replyTo: replyTo, headers: headers, payload: payload, into: &state.outbound)
        }
    }

    /// Runs `encode` under the lock to append to the outbound buffer, and makes sure a write is scheduled.
    /// While disconnected, what it appends is kept up to the reconnect buffer size.
    /// Returns `true` when the buffer is over its high-water mark.
    func enqueue(payloadSize: Int = 0, _ encode: (inout ClientState) throws -> Void) throws -> Bool {
        let (channel, overHighWater): ((any Channel)?, Bool) = try state.withLock { state in
            if state.isClosed { throw NATSError(.connectionClosed, "the client is closed") }
            if let maxPayload = state.serverInfo?.maxPayload, payloadSize > maxPayload {
                throw NATSError(.maxPayloadExceeded, "message of \(payloadSize) bytes exceeds the server's max_payload of \(maxPayload) bytes")
            }
            guard case .connected(let channel) = state.phase else {
                let before = state.outbound.writerIndex
                try encode(&state)
                if state.outbound.readableBytes > options.reconnect.bufferSize {
                    state.outbound.moveWriterIndex(to: before)
                    throw NATSError(
                        .reconnectBufferExceeded,
                        "disconnected, and the \(options.reconnect.bufferSize) bytes of the reconnect buffer are full"
                    )
                }
                return (nil, false)
            }
            try encode(&state)
            let over = state.outbound.readableBytes > Self.outboundHighWaterMark
            if state.flushScheduled || state.writeBlocked { return (nil, over) }
            state.flushScheduled = true
            return (channel, over)
        }
        if let channel {
            channel.eventLoop.execute { self.writeOutbound(to: channel) }
        }
        return overHighWater
    }

    /// Schedules a write of the outbound buffer, if connected and none is scheduled.
    func scheduleWrite() {
        let channel: (any Channel)? = state.withLock { state in
            guard case .connected(let channel) = state.phase, !state.flushScheduled, !state.writeBlocked else { return nil }
            state.flushScheduled = true
            return channel
        }
        channel?.eventLoop.execute { self.writeOutbound(to: channel!) }
    }

    /// Hands everything in the outbound buffer to the channel in one write; runs on the event loop.
    func writeOutbound(to channel: any Channel) {
        let (buffer, waiters): (ByteBuffer?, [CheckedContinuation<Void, any Error>]) = state.withLock { state in
            state.flushScheduled = false
            guard case .connected(let current) = state.phase, current === channel else { return (nil, []) }
            guard channel.isWritable else {
                state.writeBlocked = true
                return (nil, [])
            }
            guard state.outbound.readableBytes > 0 else { return (nil, []) }
            var taken = state.takeSpareOutbound(allocator: channel.allocator)
            swap(&taken, &state.outbound)
            state.keepAsSpare(taken)
            let waiters = state.backpressureWaiters
            state.backpressureWaiters.removeAll()
            return (taken, waiters)
        }
        guard let buffer else { return }
        channel.writeAndFlush(buffer, promise: nil)
        for waiter in waiters { waiter.resume() }
    }

    /// Called by the handler when a full channel has drained.
    func channelBecameWritable(_ channel: any Channel) {
        let shouldWrite = state.withLock { state in
            guard state.writeBlocked else { return false }
            state.writeBlocked = false
            state.flushScheduled = true
            return true
        }
        if shouldWrite { writeOutbound(to: channel) }
    }

    /// Suspends until the outbound buffer is written out (or the client disconnects or closes).
    @usableFromInline
    nonisolated(nonsending) func waitForOutboundSpace() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let resumeNow = state.withLock { state in
                guard state.isConnected, state.outbound.readableBytes > Self.outboundHighWaterMark else { return true }
                state.backpressureWaiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
