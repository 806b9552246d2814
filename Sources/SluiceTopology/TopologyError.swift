/// Why a topology could not be started or did not come up.
public struct TopologyError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, with the names of the servers and variables involved.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
