/// The subjects an edge needs across its leaf connection, and nothing more.
///
/// An edge reads changes by pulling from its durable consumer on the central stream through the JetStream API of the
/// central domain; the changes then arrive as replies on the agent's inbox, never on their own subjects. So an edge
/// needs to send API requests, acknowledgements of its own consumer and inbox replies, and to receive inbox
/// messages and its own control subjects.
public enum TopologyPermissions {
    /// What an edge's leaf connection may send into its region.
    public static func leafPublish(edge: Topology.Edge, topology: Topology) -> [String] {
        let domain = topology.central.jetStream?.domain ?? topology.central.name
        let consumer = "edge-\(edge.name)"
        return [
            "$JS.\(domain).API.>",
            "$JS.ACK.\(topology.sync.stream).\(consumer).>",
            "$JS.ACK.*.*.\(topology.sync.stream).\(consumer).>",
            "_INBOX.>",
        ]
    }

    /// What an edge's leaf connection may receive from its region.
    public static func leafSubscribe(edge: Topology.Edge, topology: Topology) -> [String] {
        ["_INBOX.>", "\(topology.sync.controlPrefix).sync.\(edge.name)", "\(topology.sync.controlPrefix).invalidate.>"]
    }

    /// What an edge's remote refuses to import: change subjects, which reach it only through its consumer.
    public static func edgeDenyImports(_ topology: Topology) -> [String] {
        ["\(topology.sync.changesPrefix).>"]
    }

    /// What an edge's remote refuses to export: changes and control messages, which only the central tier sends.
    public static func edgeDenyExports(_ topology: Topology) -> [String] {
        ["\(topology.sync.changesPrefix).>", "\(topology.sync.controlPrefix).>"]
    }
}
