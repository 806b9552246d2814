import EmbeddedNATS
import Foundation

/// Starts a whole topology on this machine and waits until it is connected.
public enum TopologyRunner {
    /// Starts every server of `topology` on loopback, each port from the file or a free one, and returns once every
    /// route, gateway and leaf connection is up, as the servers' monitoring endpoints report them.
    ///
    /// - Parameters:
    ///   - directory: Where the servers' folders (configuration, log, store) go.
    ///   - environment: Where the passwords the file names are read from.
    ///   - executable: The `nats-server` binary; `nil` finds one.
    ///   - timeout: How long to wait for everything to connect.
    /// - Throws: ``TopologyError`` naming a missing variable or what did not connect; servers already started are
    ///   stopped again.
    public static func up(
        _ topology: Topology,
        directory: String,
        environment: [String: String],
        executable: String? = nil,
        timeout: Duration = .seconds(90)
    ) async throws -> RunningTopology {
        let addresses = try TopologyAddresses.local(topology) { _ in try LoopbackProbe.freePort() }
        let rendered = TopologyRenderer(topology: topology, addresses: addresses, storage: "\(directory)/store").render()
        let variables = try childEnvironment(topology, addresses: addresses, rendered: rendered, environment: environment)
        var servers: [String: NATSServerProcess] = [:]
        for server in rendered {
            var configuration = NATSServerConfiguration(directory: "\(directory)/\(server.name)", extraConfig: server.body)
            configuration.serverName = server.name
            configuration.port = server.address.port
            configuration.monitorPort = server.address.monitorPort
            configuration.jetStream = false  // the body has the jetstream block, with its domain
            configuration.environment = variables
            configuration.executable = executable
            configuration.startupTimeout = timeout
            servers[server.name] = try NATSServerProcess(configuration: configuration)
        }
        let running = RunningTopology(topology: topology, addresses: addresses, rendered: rendered, servers: servers, directory: directory)
        do {
            for server in rendered { try servers[server.name]?.launch() }
            try await TopologyReadiness(running: running).wait(timeout: timeout)
        } catch {
            await running.stop()
            throw error
        }
        return running
    }

    /// The passwords the configurations refer to, and each edge's leaf URL built from its region's leaf password.
    static func childEnvironment(
        _ topology: Topology,
        addresses: TopologyAddresses,
        rendered: [RenderedServer],
        environment: [String: String]
    ) throws -> [String: String] {
        var variables: [String: String] = [:]
        var missing: [String] = []
        for name in rendered.flatMap(\.environment) where variables[name] == nil {
            if let value = environment[name], !value.isEmpty {
                if let problem = unreadableAsString(value) {
                    throw TopologyError(
                        "\(name): nats-server reads a referenced variable as configuration, and this password \(problem), "
                            + "so it would not be read as a string; start it with a letter and use no spaces, quotes or #"
                    )
                }
                variables[name] = value
            } else if !topology.edges.contains(where: { $0.leafURLEnv == name }) && !missing.contains(name) {
                missing.append(name)
            }
        }
        for edge in topology.edges {
            guard let region = topology.region(of: edge), let leaf = region.leafNodes, let first = region.servers.first,
                let address = addresses.servers[first.name], let port = address.leafNodePort
            else { continue }
            guard let password = environment[leaf.passwordEnv], !password.isEmpty else {
                if !missing.contains(leaf.passwordEnv) { missing.append(leaf.passwordEnv) }
                continue
            }
            let user = edge.leafUser.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? edge.leafUser
            let secret = password.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? password
            variables[edge.leafURLEnv] = "nats-leaf://\(user):\(secret)@\(address.host):\(port)"
        }
        guard missing.isEmpty else {
            throw TopologyError("set the environment variables the topology names for its passwords: \(missing.joined(separator: ", "))")
        }
        return variables
    }

    /// Why nats-server would read `value`, substituted for a variable reference, as something other than the
    /// string itself (a number, a date, a boolean, or a value cut at a space, quote or comment); `nil` when it reads
    /// it as given. The value itself is never part of the answer.
    static func unreadableAsString(_ value: String) -> String? {
        guard let first = value.unicodeScalars.first else { return nil }
        if first.properties.numericType != nil || "+-.".unicodeScalars.contains(first) {
            return "starts with a digit or a sign"
        }
        if ["true", "false", "yes", "no", "on", "off"].contains(value.lowercased()) { return "is a boolean word" }
        if value.unicodeScalars.contains(where: { $0.properties.isWhitespace || "\"'#;,".unicodeScalars.contains($0) }) {
            return "holds a space, a quote, a comma, ; or #"
        }
        return nil
    }
}
