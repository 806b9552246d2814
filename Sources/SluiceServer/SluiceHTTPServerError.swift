/// The server cannot start as configured: an exposed address without authentication, a key or certificate file
/// that cannot be read.
public struct SluiceHTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration field at fault, such as `server.listen` or `server.tls.cert_file`.
    public var field: String
    /// What is wrong and what to do; never holds a secret.
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    /// `field: message`.
    public var description: String { "\(field): \(message)" }
}
