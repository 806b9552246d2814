/// Which durable hop a Sluice process uses: the name of a registered ``TransportConnector``, or ``auto``.
public struct TransportKind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The name, as written in `transport:`.
    public let rawValue: String

    /// A transport by name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The first registered transport that opens (JetStream when NATS answers, else the embedded queue).
    public static let auto = TransportKind(rawValue: "auto")

    public var description: String { rawValue }
}
