import NATS
import NIOCore

extension JetStreamContext {
    /// Publishes a message to a stream and waits for the server to store it.
    ///
    /// - Parameters:
    ///   - subject: A subject a stream stores.
    ///   - payload: The message body.
    ///   - headers: Headers to send; the options' headers are added to them.
    ///   - options: Message id, expectations, TTL, timeout and retries.
    /// - Returns: The stream's acknowledgement: stream, sequence and whether it was a duplicate.
    /// - Throws: ``JetStreamError``: ``JetStreamError/Code/api`` when the stream refuses the message (for
    ///   example ``JetStreamErrorCode/wrongLastSequence`` when an expectation fails),
    ///   ``JetStreamError/Code/noResponders`` when no stream stores `subject`,
    ///   ``JetStreamError/Code/timeout`` when no acknowledgement comes in time.
    @discardableResult
    public func publish(
        _ subject: String,
        payload: ByteBuffer = ByteBuffer(),
        headers: NATSHeaders? = nil,
        options: PublishOptions = PublishOptions()
    )
        async throws -> PubAck
    {
        let headers = try options.apply(to: headers)
        let timeout = options.timeout ?? self.timeout
        var attempt = 0
        while true {
            let reply: NATSMessage
            do {
                reply = try await client.request(subject, payload: payload, headers: headers, timeout: timeout)
            } catch let error as NATSError where error.code == .noResponders && attempt < options.retryAttempts {
                attempt += 1
                try await Task.sleep(for: options.retryWait)
                continue
            } catch {
                throw JetStreamError(clientError: error, while: "publishing to \(subject)")
            }
            if let status = reply.status, reply.payload.readableBytes == 0 {
                if status == 503 && attempt < options.retryAttempts {
                    attempt += 1
                    try await Task.sleep(for: options.retryWait)
                    continue
                }
                throw JetStreamError(.noResponders, "no stream answered the publish to \(subject) (status \(status))")
            }
            return try PubAck.parse(reply.payload)
        }
    }

    /// Publishes a UTF-8 string to a stream and waits for the server to store it.
    @discardableResult
    public func publish(
        _ subject: String,
        _ string: String,
        headers: NATSHeaders? = nil,
        options: PublishOptions = PublishOptions()
    )
        async throws -> PubAck
    {
        try await publish(subject, payload: ByteBuffer(string: string), headers: headers, options: options)
    }
}
