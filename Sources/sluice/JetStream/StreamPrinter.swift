import JetStream

/// Prints a stream's configuration and state for people.
enum StreamPrinter {
    static func print(_ info: StreamInfo) {
        let config = info.config
        var lines = ["Stream \(config.name)" + (info.created.map { " (created \(CLIFormat.time($0)))" } ?? "")]
        if let description = config.description { lines.append("  description: \(description)") }
        lines.append("  subjects: \(config.subjects.joined(separator: ", "))")
        lines.append("  storage: \(config.storage), retention: \(config.retention), replicas: \(config.replicas)")
        lines.append(
            "  limits: max msgs \(CLIFormat.limit(config.maxMessages)), max bytes \(CLIFormat.limit(config.maxBytes, bytes: true)), "
                + "max age \(CLIFormat.age(config.maxAge)), max msgs per subject \(CLIFormat.limit(config.maxMessagesPerSubject)), "
                + "max msg size \(CLIFormat.limit(Int64(config.maxMessageSize), bytes: true)), discard \(config.discard)"
        )
        lines.append("  duplicate window: \(config.duplicateWindow.map(DurationFlag.format) ?? "server default")")
        if let leader = info.cluster?.leader { lines.append("  cluster leader: \(leader)") }
        let state = info.state
        lines.append("State")
        lines.append("  messages: \(state.messages) (\(CLIFormat.bytes(state.bytes)))")
        lines.append("  sequences: first \(state.firstSequence), last \(state.lastSequence), deleted \(state.deletedCount)")
        if state.lastTime != nil { lines.append("  last message: \(CLIFormat.time(state.lastTime))") }
        lines.append("  consumers: \(state.consumerCount)")
        Swift.print(lines.joined(separator: "\n"))
    }
}
