extension NATSServerConfiguration {
    /// The text of `nats-server.conf` for the given resolved ports.
    func render(port: Int, monitorPort: Int?) -> String {
        var lines = [
            "# Written by Sluice (EmbeddedNATS) on every start; edits are lost.",
            "server_name: \(quoted(serverName ?? "sluice-\(port)"))",
            "listen: \(quoted("\(host):\(port)"))",
        ]
        if let monitorPort {
            lines.append("http: \(quoted("\(host):\(monitorPort)"))")
        }
        lines.append("logtime: true")
        if jetStream {
            lines += ["jetstream {", "    store_dir: \(quoted(storeDirectory))"]
            if let jetStreamMaxMemory { lines.append("    max_memory_store: \(jetStreamMaxMemory)") }
            if let jetStreamMaxStore { lines.append("    max_file_store: \(jetStreamMaxStore)") }
            lines.append("}")
        }
        if !extraConfig.isEmpty {
            lines += ["", "# Extra configuration", extraConfig]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A double-quoted string in the NATS configuration syntax.
    private func quoted(_ value: String) -> String {
        let escaped = value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}
