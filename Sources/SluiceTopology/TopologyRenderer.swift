/// Writes the `nats-server` configuration of every server of a topology.
///
/// - Central servers: JetStream with the central domain, routes to each other, a gateway to every region.
/// - Regional servers: routes, a gateway to central and the other regions, a leaf-node listener. Leaf connections
///   authenticate as users of the region's leaf account, one per edge (`leaf-<edge>`, only `LEAFNODE` connections),
///   whose permissions are the narrowest that let the edge work: it may publish to the central JetStream API
///   (`$JS.<domain>.API.>`), acknowledge its own consumer's messages and answer on inboxes; it receives only inbox
///   replies (API answers, pulled changes) and its own control subjects.
/// - Edge servers: their own JetStream domain, a leaf remote to their region whose URL (with the password) comes from
///   an environment variable, and deny rules so that change subjects never cross the leaf as plain messages.
public struct TopologyRenderer: Sendable {
    /// The topology.
    public let topology: Topology
    /// Where its servers listen.
    public let addresses: TopologyAddresses
    /// The folder holding one JetStream store per server; default the topology's ``Topology/storage``.
    public let storage: String

    /// Creates a renderer.
    public init(topology: Topology, addresses: TopologyAddresses, storage: String? = nil) {
        self.topology = topology
        self.addresses = addresses
        self.storage = storage ?? topology.storage
    }

    /// Every server's configuration: central first, then the regions, then the edges.
    public func render() -> [RenderedServer] {
        var servers: [RenderedServer] = []
        for cluster in topology.clusters {
            let role: RenderedServer.Role = cluster.name == topology.central.name ? .central : .region
            for server in cluster.servers {
                servers.append(clusterServer(server, in: cluster, role: role))
            }
        }
        for edge in topology.edges { servers.append(edgeServer(edge)) }
        return servers
    }

    private func address(_ name: String) -> TopologyAddresses.Server {
        guard let address = addresses.servers[name] else { preconditionFailure("no address for server \(name)") }
        return address
    }

    // MARK: Central and regional servers

    private func clusterServer(_ server: Topology.Server, in cluster: Topology.Cluster, role: RenderedServer.Role) -> RenderedServer {
        let own = address(server.name)
        var blocks: [String] = []
        if let jetStream = cluster.jetStream { blocks.append(jetStreamBlock(jetStream, server: server.name)) }
        if cluster.servers.count > 1, let clusterPort = own.clusterPort {
            let routes = cluster.servers.filter { $0.name != server.name }.compactMap { peer -> String? in
                let peerAddress = address(peer.name)
                return peerAddress.clusterPort.map { "nats-route://\(peerAddress.host):\($0)" }
            }
            var lines = ["name: \(NATSConfigText.quoted(cluster.name))", "listen: \(NATSConfigText.quoted("\(own.host):\(clusterPort)"))"]
            lines.append("routes: \(NATSConfigText.list(routes))")
            if let tls = tlsBlock(verify: true) { lines.append(tls) }
            blocks.append("cluster {\n\(NATSConfigText.indent(lines.joined(separator: "\n")))\n}")
        }
        if let gatewayPort = own.gatewayPort {
            let others = topology.clusters.filter { $0.name != cluster.name }.map { other -> String in
                let urls = other.servers.compactMap { peer -> String? in
                    let peerAddress = address(peer.name)
                    return peerAddress.gatewayPort.map { "nats://\(peerAddress.host):\($0)" }
                }
                return "{name: \(NATSConfigText.quoted(other.name)), urls: \(NATSConfigText.list(urls))}"
            }
            var lines = ["name: \(NATSConfigText.quoted(cluster.name))", "listen: \(NATSConfigText.quoted("\(own.host):\(gatewayPort)"))"]
            lines.append("gateways: [\n\(NATSConfigText.indent(others.joined(separator: "\n")))\n]")
            if let tls = tlsBlock(verify: true) { lines.append(tls) }
            blocks.append("gateway {\n\(NATSConfigText.indent(lines.joined(separator: "\n")))\n}")
        }
        if cluster.leafNodes != nil, let leafPort = own.leafNodePort {
            var lines = ["listen: \(NATSConfigText.quoted("\(own.host):\(leafPort)"))"]
            if let tls = tlsBlock(verify: true) { lines.append(tls) }
            blocks.append("leafnodes {\n\(NATSConfigText.indent(lines.joined(separator: "\n")))\n}")
        }
        let accounts = topology.accounts.map { account in
            (account, account.users + leafUsers(of: account))
        }
        // A region has no JetStream of its own: it maps the central domain's API onto the plain one, which its gateway
        // carries to central, so edges can address the central JetStream by its domain.
        var mappings: [String: [(String, String)]] = [:]
        if role == .region, let leaf = cluster.leafNodes, let domain = topology.central.jetStream?.domain {
            mappings[leaf.account] = [("$JS.\(domain).API.>", "$JS.API.>")]
        }
        blocks.append(accountsBlock(accounts, mappings: mappings))
        if let tls = tlsBlock(verify: topology.tls?.verify ?? false) { blocks.append(tls) }
        return RenderedServer(
            name: server.name,
            role: role,
            cluster: cluster.name,
            address: own,
            body: blocks.joined(separator: "\n\n") + "\n",
            environment: environment(of: accounts)
        )
    }

    /// The leaf users of every edge bound to `account`, with the edge's permissions.
    private func leafUsers(of account: Topology.Account) -> [Topology.User] {
        topology.edges.compactMap { edge -> Topology.User? in
            guard let leaf = topology.region(of: edge)?.leafNodes, leaf.account == account.name else { return nil }
            return Topology.User(
                name: edge.leafUser,
                passwordEnv: leaf.passwordEnv,
                publish: TopologyPermissions.leafPublish(edge: edge, topology: topology),
                subscribe: TopologyPermissions.leafSubscribe(edge: edge, topology: topology),
                connectionTypes: ["LEAFNODE"]
            )
        }
    }

    // MARK: Edge servers

    private func edgeServer(_ edge: Topology.Edge) -> RenderedServer {
        let own = address(edge.name)
        var blocks = [jetStreamBlock(edge.jetStream, server: edge.name, domain: edge.domain)]
        let leafAccount = topology.region(of: edge)?.leafNodes?.account ?? ""
        var remote = [
            "url: $\(edge.leafURLEnv)",
            "account: \(NATSConfigText.quoted(leafAccount))",
            "deny_imports: \(NATSConfigText.list(TopologyPermissions.edgeDenyImports(topology)))",
            "deny_exports: \(NATSConfigText.list(TopologyPermissions.edgeDenyExports(topology)))",
        ]
        if let tls = tlsBlock(verify: false) { remote.append(tls) }
        let remoteText = "{\n\(NATSConfigText.indent(remote.joined(separator: "\n")))\n}"
        blocks.append("leafnodes {\n    remotes: [\n\(NATSConfigText.indent(remoteText, 2))\n    ]\n}")
        var accounts: [(Topology.Account, [Topology.User])] = []
        if let system = topology.account(named: topology.systemAccount) { accounts.append((system, system.users)) }
        accounts.append((Topology.Account(name: leafAccount, jetStream: true), [edge.agent]))
        blocks.append(accountsBlock(accounts))
        if let tls = tlsBlock(verify: topology.tls?.verify ?? false) { blocks.append(tls) }
        return RenderedServer(
            name: edge.name,
            role: .edge,
            cluster: edge.region,
            address: own,
            body: blocks.joined(separator: "\n\n") + "\n",
            environment: environment(of: accounts) + [edge.leafURLEnv]
        )
    }

    // MARK: Blocks

    private func jetStreamBlock(_ settings: Topology.JetStream, server: String, domain: String? = nil) -> String {
        var lines = ["store_dir: \(NATSConfigText.quoted("\(storage)/\(server)"))"]
        if let domain = domain ?? settings.domain { lines.append("domain: \(NATSConfigText.quoted(domain))") }
        if let maxMemory = settings.maxMemory { lines.append("max_memory_store: \(maxMemory)") }
        if let maxFile = settings.maxFile { lines.append("max_file_store: \(maxFile)") }
        return "jetstream {\n\(NATSConfigText.indent(lines.joined(separator: "\n")))\n}"
    }

    private func accountsBlock(_ accounts: [(Topology.Account, [Topology.User])], mappings: [String: [(String, String)]] = [:]) -> String {
        let entries = accounts.map { account, users -> String in
            var lines: [String] = []
            if account.jetStream { lines.append("jetstream: enabled") }
            if let pairs = mappings[account.name], !pairs.isEmpty {
                let text = pairs.map { "\(NATSConfigText.quoted($0.0)): \(NATSConfigText.quoted($0.1))" }.joined(separator: ", ")
                lines.append("mappings: {\(text)}")
            }
            lines.append("users: [\n\(NATSConfigText.indent(users.map(userEntry).joined(separator: "\n")))\n]")
            return "\(account.name): {\n\(NATSConfigText.indent(lines.joined(separator: "\n")))\n}"
        }
        return
            "accounts {\n\(NATSConfigText.indent(entries.joined(separator: "\n")))\n}\nsystem_account: \(NATSConfigText.quoted(topology.systemAccount))"
    }

    private func userEntry(_ user: Topology.User) -> String {
        var fields = ["user: \(NATSConfigText.quoted(user.name))", "password: $\(user.passwordEnv)"]
        if !user.connectionTypes.isEmpty { fields.append("allowed_connection_types: \(NATSConfigText.list(user.connectionTypes))") }
        var permissions: [String] = []
        for (kind, subjects) in [("publish", user.publish), ("subscribe", user.subscribe)] {
            guard let subjects else { continue }
            permissions.append(subjects.isEmpty ? "\(kind): {deny: [\">\"]}" : "\(kind): {allow: \(NATSConfigText.list(subjects))}")
        }
        if !permissions.isEmpty { fields.append("permissions: {\(permissions.joined(separator: ", "))}") }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    private func tlsBlock(verify: Bool) -> String? {
        guard let tls = topology.tls else { return nil }
        var lines = [
            "cert_file: \(NATSConfigText.quoted(tls.certFile))",
            "key_file: \(NATSConfigText.quoted(tls.keyFile))",
            "ca_file: \(NATSConfigText.quoted(tls.caFile))",
            "timeout: 5",
        ]
        if verify { lines.append("verify: true") }
        return "tls {\n\(NATSConfigText.indent(lines.joined(separator: "\n")))\n}"
    }

    private func environment(of accounts: [(Topology.Account, [Topology.User])]) -> [String] {
        var names: [String] = []
        for (_, users) in accounts {
            for user in users where !names.contains(user.passwordEnv) { names.append(user.passwordEnv) }
        }
        return names
    }
}
