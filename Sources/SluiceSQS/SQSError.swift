/// An error answer from SQS, or a failure to reach it.
public struct SQSError: Error, CustomStringConvertible, Sendable {
    /// The HTTP status, 0 when no answer came.
    public var status: Int
    /// The error type without its namespace (`QueueDoesNotExist`), empty when unknown.
    public var type: String
    /// SQS's message, or what went wrong.
    public var message: String

    /// Creates the error.
    public init(status: Int, type: String, message: String) {
        self.status = status
        self.type = type
        self.message = message
    }

    public var description: String { "SQS \(status) \(type): \(message)" }
}
