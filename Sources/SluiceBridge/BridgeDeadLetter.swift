import NIOCore

/// A message in the DLQ subject, with what its headers say.
public struct BridgeDeadLetter: Sendable {
    /// Its sequence in the stream.
    public var sequence: UInt64
    /// The subject it had failed on.
    public var originalSubject: String
    /// Which rule gave up on it (``BridgeHeader/reason``).
    public var reason: String
    /// The error text (``BridgeHeader/error``).
    public var error: String
    /// Deliveries tried.
    public var deliveries: Int
    /// The message body as published: the event envelope, or whatever was there instead.
    public var payload: ByteBuffer
}
