import SluiceRuntime

/// The checks that span sections of a topology file: unique names, references that resolve, ports not shared by two
/// servers on one host. Each problem is reported at the field it is about.
struct TopologyChecks {
    let reader: ConfigReader
    let root: ConfigField
    let keys: [String: ConfigField]

    func check(_ topology: Topology) {
        checkAccounts(topology)
        checkNames(topology)
        checkEdges(topology)
        checkPorts(topology)
    }

    private func checkAccounts(_ topology: Topology) {
        if topology.account(named: topology.systemAccount) == nil {
            report(keys["system_account"] ?? keys["accounts"] ?? root, "the system account \(topology.systemAccount) is not among the accounts")
        }
        for (index, region) in topology.regions.enumerated() {
            guard let leaf = region.leafNodes else { continue }
            let path = ["regions", "\(index)", "leafnodes", "account"]
            guard let account = topology.account(named: leaf.account) else {
                report(at: path, "account \(leaf.account) is not among the accounts")
                continue
            }
            if !account.jetStream {
                report(at: path, "account \(leaf.account) has no JetStream (jetstream: true), which its edges need")
            }
        }
        if topology.central.jetStream != nil, !topology.regions.isEmpty, topology.central.servers.count < 2 {
            report(
                at: ["central", "servers"],
                "with regions (gateways) JetStream runs clustered, and nats-server needs routes for that: give central at least 2 servers"
            )
        }
        if topology.central.jetStream?.domain == nil, topology.central.jetStream != nil {
            report(at: ["central", "jetstream"], "missing domain; edges reach the central JetStream through its domain")
        }
    }

    private func checkNames(_ topology: Topology) {
        var seen: [String: [String]] = [:]
        let clusterNames = topology.clusters.map(\.name)
        for (index, name) in clusterNames.enumerated() where clusterNames[..<index].contains(name) {
            report(at: index == 0 ? ["central", "cluster"] : ["regions", "\(index - 1)", "cluster"], "cluster name \(name) is used twice")
        }
        var servers: [(String, [String])] = topology.central.servers.enumerated().map { ($1.name, ["central", "servers", "\($0)"]) }
        for (regionIndex, region) in topology.regions.enumerated() {
            servers += region.servers.enumerated().map { ($1.name, ["regions", "\(regionIndex)", "servers", "\($0)"]) }
        }
        servers += topology.edges.enumerated().map { ($1.name, ["edges", "\($0)", "name"]) }
        for (name, path) in servers {
            if seen[name] != nil {
                report(at: path, "server name \(name) is used twice")
            } else {
                seen[name] = path
            }
        }
        var domains: [String: Int] = [:]
        for (index, edge) in topology.edges.enumerated() {
            if domains[edge.domain] != nil || edge.domain == topology.central.jetStream?.domain {
                report(at: ["edges", "\(index)"], "JetStream domain \(edge.domain) is used twice; each edge needs its own")
            }
            domains[edge.domain] = index
        }
    }

    private func checkEdges(_ topology: Topology) {
        for (index, edge) in topology.edges.enumerated() where topology.region(of: edge) == nil {
            let known = topology.regions.map(\.name).joined(separator: ", ")
            report(at: ["edges", "\(index)", "region"], "no region is called \(edge.region) (regions: \(known.isEmpty ? "none" : known))")
        }
    }

    private func checkPorts(_ topology: Topology) {
        var taken: [String: String] = [:]
        func claim(_ port: Int?, host: String?, owner: String, path: [String]) {
            guard let port else { return }
            let key = "\(host ?? topology.host):\(port)"
            if let other = taken[key] {
                report(at: path, "port \(port) on \(host ?? topology.host) is also used by \(other)")
            } else {
                taken[key] = owner
            }
        }
        func claimAll(_ server: Topology.Server, base: [String]) {
            claim(server.port, host: server.host, owner: server.name, path: base + ["port"])
            claim(server.monitorPort, host: server.host, owner: server.name, path: base + ["monitor_port"])
            claim(server.clusterPort, host: server.host, owner: server.name, path: base + ["cluster_port"])
            claim(server.gatewayPort, host: server.host, owner: server.name, path: base + ["gateway_port"])
            claim(server.leafNodePort, host: server.host, owner: server.name, path: base + ["leafnode_port"])
        }
        for (index, server) in topology.central.servers.enumerated() { claimAll(server, base: ["central", "servers", "\(index)"]) }
        for (regionIndex, region) in topology.regions.enumerated() {
            for (index, server) in region.servers.enumerated() { claimAll(server, base: ["regions", "\(regionIndex)", "servers", "\(index)"]) }
        }
        for (index, edge) in topology.edges.enumerated() { claimAll(edge.server, base: ["edges", "\(index)"]) }
    }

    private func report(_ field: ConfigField, _ message: String) {
        reader.report(field, message)
    }

    /// Reports at the deepest node of `path` that exists (keys and list indexes), naming the whole path.
    private func report(at path: [String], _ message: String) {
        var node = root.node
        var reached = root.node
        for component in path {
            if let index = Int(component), let items = node.sequence, index < items.count {
                node = items[index]
            } else if let child = node.mapping?[component] {
                node = child
            } else {
                break
            }
            reached = node
        }
        var text = ""
        for component in path {
            if Int(component) != nil { text += "[\(component)]" } else { text += text.isEmpty ? component : ".\(component)" }
        }
        reader.report(at: reached.mark, path: text, message)
    }
}
