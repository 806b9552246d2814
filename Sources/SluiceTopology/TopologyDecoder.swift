import SluiceRuntime

/// Turns a topology document into a ``Topology``, reporting every problem to its reader, then checks what spans
/// several sections (names unique, references resolved, ports not shared).
struct TopologyDecoder {
    let reader: ConfigReader

    func decode(_ root: ConfigField) -> Topology? {
        guard
            let keys = reader.mapping(
                root,
                allowed: ["host", "storage", "system_account", "accounts", "central", "regions", "edges", "tls", "sync"]
            )
        else { return nil }
        guard let centralField = reader.require("central", in: keys, parent: root, what: "the central cluster"),
            let central = cluster(centralField, isRegion: false)
        else { return nil }
        var topology = Topology(central: central)
        if let field = keys["host"], let host = reader.nonEmptyString(field) { topology.host = host }
        if let field = keys["storage"], let storage = reader.nonEmptyString(field) { topology.storage = storage }
        if let field = keys["system_account"], let name = reader.nonEmptyString(field) { topology.systemAccount = name }
        if let field = keys["accounts"] {
            topology.accounts = (reader.entries(field, what: "accounts by name") ?? []).compactMap { account(name: $0.key, $0.field) }
        }
        if let field = keys["regions"] {
            topology.regions = (reader.sequence(field) ?? []).compactMap { cluster($0, isRegion: true) }
        }
        if let field = keys["edges"] {
            topology.edges = (reader.sequence(field) ?? []).compactMap { edge($0) }
        }
        if let field = keys["tls"] { topology.tls = tls(field) }
        if let field = keys["sync"], let sync = sync(field) { topology.sync = sync }
        TopologyChecks(reader: reader, root: root, keys: keys).check(topology)
        return topology
    }

    private func account(name: String, _ field: ConfigField) -> Topology.Account? {
        guard let keys = reader.mapping(field, allowed: ["jetstream", "users"]) else { return nil }
        var account = Topology.Account(name: name)
        if let field = keys["jetstream"], let on = reader.bool(field) { account.jetStream = on }
        if let field = keys["users"] { account.users = (reader.sequence(field) ?? []).compactMap { user($0) } }
        return account
    }

    private func user(_ field: ConfigField) -> Topology.User? {
        guard let keys = reader.mapping(field, allowed: ["user", "password_env", "publish", "subscribe"]) else { return nil }
        let name = reader.require("user", in: keys, parent: field, what: "the user name").flatMap { reader.nonEmptyString($0) }
        let passwordEnv = reader.require("password_env", in: keys, parent: field, what: "the environment variable holding the password")
            .flatMap { environmentName($0) }
        let publish = keys["publish"].map { subjects($0) }
        let subscribe = keys["subscribe"].map { subjects($0) }
        guard let name, let passwordEnv else { return nil }
        return Topology.User(name: name, passwordEnv: passwordEnv, publish: publish, subscribe: subscribe)
    }

    private func cluster(_ field: ConfigField, isRegion: Bool) -> Topology.Cluster? {
        let allowed = ["cluster", "servers", "jetstream"] + (isRegion ? ["leafnodes"] : [])
        guard let keys = reader.mapping(field, allowed: allowed),
            let nameField = reader.require("cluster", in: keys, parent: field, what: "the cluster's name"),
            let name = reader.nonEmptyString(nameField).flatMap({ token($0, nameField) }),
            let serversField = reader.require("servers", in: keys, parent: field, what: "a list of servers"),
            let servers = reader.sequence(serversField)
        else { return nil }
        let decoded = servers.compactMap { server($0) }
        if decoded.isEmpty, servers.isEmpty { reader.report(serversField, "a cluster needs at least one server") }
        var cluster = Topology.Cluster(name: name, servers: decoded)
        if let field = keys["jetstream"] { cluster.jetStream = jetStream(field) }
        if !isRegion, cluster.jetStream == nil {
            reader.report(at: field.node.mark, path: field.child("jetstream"), "missing; the central cluster holds the streams and needs JetStream")
        }
        if isRegion {
            if let leafField = reader.require("leafnodes", in: keys, parent: field, what: "the leaf-node listener (account, password_env)") {
                cluster.leafNodes = leafNodes(leafField)
            }
        }
        return cluster
    }

    private func server(_ field: ConfigField) -> Topology.Server? {
        if field.node.scalar != nil {
            return reader.nonEmptyString(field).flatMap { token($0, field) }.map { Topology.Server(name: $0) }
        }
        guard
            let keys = reader.mapping(
                field,
                allowed: ["name", "host", "port", "monitor_port", "cluster_port", "gateway_port", "leafnode_port"]
            ),
            let nameField = reader.require("name", in: keys, parent: field, what: "the server's name"),
            let name = reader.nonEmptyString(nameField).flatMap({ token($0, nameField) })
        else { return nil }
        var server = Topology.Server(name: name)
        serverAddress(keys, into: &server)
        return server
    }

    private func serverAddress(_ keys: [String: ConfigField], into server: inout Topology.Server) {
        if let field = keys["host"] { server.host = reader.nonEmptyString(field) }
        if let field = keys["port"] { server.port = port(field) }
        if let field = keys["monitor_port"] { server.monitorPort = port(field) }
        if let field = keys["cluster_port"] { server.clusterPort = port(field) }
        if let field = keys["gateway_port"] { server.gatewayPort = port(field) }
        if let field = keys["leafnode_port"] { server.leafNodePort = port(field) }
    }

    private func port(_ field: ConfigField) -> Int? {
        guard let value = reader.integer(field) else { return nil }
        guard value <= 65535 else {
            reader.report(field, "expected a port from 1 to 65535, got \(value)")
            return nil
        }
        return value
    }

    private func jetStream(_ field: ConfigField) -> Topology.JetStream? {
        guard let keys = reader.mapping(field, allowed: ["domain", "max_memory_store", "max_file_store"]) else { return nil }
        var settings = Topology.JetStream()
        if let field = keys["domain"] { settings.domain = reader.nonEmptyString(field).flatMap { token($0, field) } }
        if let field = keys["max_memory_store"] { settings.maxMemory = reader.size(field) }
        if let field = keys["max_file_store"] { settings.maxFile = reader.size(field) }
        return settings
    }

    private func leafNodes(_ field: ConfigField) -> Topology.LeafNodes? {
        guard let keys = reader.mapping(field, allowed: ["account", "password_env"]),
            let accountField = reader.require("account", in: keys, parent: field, what: "the account edges are bound to"),
            let account = reader.nonEmptyString(accountField),
            let passwordField = reader.require("password_env", in: keys, parent: field, what: "the variable holding the leaf password"),
            let passwordEnv = environmentName(passwordField)
        else { return nil }
        return Topology.LeafNodes(account: account, passwordEnv: passwordEnv)
    }

    private func edge(_ field: ConfigField) -> Topology.Edge? {
        guard
            let keys = reader.mapping(
                field,
                allowed: ["name", "region", "agent_user", "agent_password_env", "jetstream", "host", "port", "monitor_port"]
            ),
            let nameField = reader.require("name", in: keys, parent: field, what: "the edge's id"),
            let name = reader.nonEmptyString(nameField).flatMap({ token($0, nameField) }),
            let regionField = reader.require("region", in: keys, parent: field, what: "the region it is a leaf of"),
            let region = reader.nonEmptyString(regionField),
            let passwordField = reader.require(
                "agent_password_env",
                in: keys,
                parent: field,
                what: "the variable holding the password of the edge agent's local user"
            ),
            let passwordEnv = environmentName(passwordField)
        else { return nil }
        let agentName = keys["agent_user"].flatMap { reader.nonEmptyString($0) } ?? "agent"
        var edge = Topology.Edge(name: name, region: region, agent: Topology.User(name: agentName, passwordEnv: passwordEnv))
        if let field = keys["jetstream"], let settings = jetStream(field) {
            edge.jetStream = settings
            if settings.domain == nil { edge.jetStream.domain = name }
        }
        serverAddress(keys, into: &edge.server)
        return edge
    }

    private func tls(_ field: ConfigField) -> Topology.TLS? {
        guard let keys = reader.mapping(field, allowed: ["ca_file", "cert_file", "key_file", "verify"]),
            let ca = reader.require("ca_file", in: keys, parent: field, what: "the CA certificate (PEM)").flatMap({ reader.nonEmptyString($0) }),
            let cert = reader.require("cert_file", in: keys, parent: field, what: "the server certificate (PEM)").flatMap({
                reader.nonEmptyString($0)
            }),
            let key = reader.require("key_file", in: keys, parent: field, what: "the server key (PEM)").flatMap({ reader.nonEmptyString($0) })
        else { return nil }
        var tls = Topology.TLS(caFile: ca, certFile: cert, keyFile: key)
        if let field = keys["verify"], let verify = reader.bool(field) { tls.verify = verify }
        return tls
    }

    private func sync(_ field: ConfigField) -> Topology.Sync? {
        guard let keys = reader.mapping(field, allowed: ["stream", "changes_prefix", "control_prefix"]) else { return nil }
        var sync = Topology.Sync()
        if let field = keys["stream"], let value = reader.nonEmptyString(field).flatMap({ token($0, field) }) { sync.stream = value }
        if let field = keys["changes_prefix"], let value = reader.nonEmptyString(field) { sync.changesPrefix = value }
        if let field = keys["control_prefix"], let value = reader.nonEmptyString(field) { sync.controlPrefix = value }
        return sync
    }

    /// Subjects, each checked for NATS syntax.
    private func subjects(_ field: ConfigField) -> [String] {
        let values = reader.stringList(field) ?? []
        for value in values where !Self.isSubject(value) {
            reader.report(field, "\(reader.quoted(value)) is not a NATS subject (tokens separated by dots, * or > as wildcards)")
        }
        return values
    }

    /// A name usable as a server name, cluster, domain or subject token: letters, digits, `-` and `_`.
    private func token(_ value: String, _ field: ConfigField) -> String? {
        guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            reader.report(field, "\(reader.quoted(value)) may hold only letters, digits, - and _")
            return nil
        }
        return value
    }

    /// The name of an environment variable (not its value: a password is never written in the file).
    private func environmentName(_ field: ConfigField) -> String? {
        guard let name = reader.nonEmptyString(field) else { return nil }
        let valid =
            name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard valid else {
            reader.report(field, "expected the name of an environment variable (letters, digits, _), got \(reader.quoted(name))")
            return nil
        }
        return name
    }

    static func isSubject(_ subject: String) -> Bool {
        let tokens = subject.split(separator: ".", omittingEmptySubsequences: false)
        for (index, token) in tokens.enumerated() {
            if token.isEmpty || token.contains(where: { $0 == " " || $0 == "\t" }) { return false }
            if token.contains(">") && (token != ">" || index != tokens.count - 1) { return false }
            if token.contains("*") && token != "*" { return false }
        }
        return !tokens.isEmpty
    }
}
