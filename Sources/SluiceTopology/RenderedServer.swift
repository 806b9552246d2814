/// The `nats-server` configuration of one server of a topology.
public struct RenderedServer: Sendable, Hashable {
    /// Which tier a server belongs to.
    public enum Role: String, Sendable, Hashable {
        case central, region, edge
    }

    /// The server's name.
    public var name: String
    /// Its tier.
    public var role: Role
    /// Its cluster (for an edge, the region it is a leaf of).
    public var cluster: String
    /// Where it listens.
    public var address: TopologyAddresses.Server
    /// The configuration without `server_name`, `listen` and `http`, which a launcher may write itself.
    public var body: String
    /// The environment variables the configuration refers to (`$NAME`), which must be set when the server starts.
    public var environment: [String]

    /// The whole configuration file.
    public var text: String {
        """
        # Written by `sluice topology render`; secrets are $VARIABLES, resolved from the environment by nats-server.
        server_name: \(NATSConfigText.quoted(name))
        listen: \(NATSConfigText.quoted("\(address.host):\(address.port)"))
        http: \(NATSConfigText.quoted("\(address.host):\(address.monitorPort)"))

        \(body)
        """
    }
}

/// Pieces of the `nats-server` configuration syntax.
enum NATSConfigText {
    /// A double-quoted string.
    static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A list of quoted strings.
    static func list(_ values: [String]) -> String {
        "[" + values.map(quoted).joined(separator: ", ") + "]"
    }

    /// Indents every line of `text` by `level` steps of four spaces.
    static func indent(_ text: String, _ level: Int = 1) -> String {
        let pad = String(repeating: "    ", count: level)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }
}
