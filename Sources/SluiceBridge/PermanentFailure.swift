/// Thrown by a handler for an event that will never succeed (a payload it cannot accept): the consumer sends
/// the message to the DLQ at once instead of retrying it up to `max_deliver` times.
///
/// ```swift
/// guard let email = event.payload["email"]?.stringValue else { throw PermanentFailure("no email") }
/// ```
public struct PermanentFailure: Error, Sendable, CustomStringConvertible {
    /// Why the event cannot be handled; it goes into the dead letter's headers.
    public var reason: String

    /// Creates a failure with its reason.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
