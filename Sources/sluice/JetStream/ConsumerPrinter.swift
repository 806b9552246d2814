import JetStream

/// Prints a consumer's configuration and progress for people.
enum ConsumerPrinter {
    static func print(_ info: ConsumerInfo) {
        let config = info.config
        var lines = ["Consumer \(info.name) on \(info.streamName)" + (info.created.map { " (created \(CLIFormat.time($0)))" } ?? "")]
        if let description = config.description { lines.append("  description: \(description)") }
        lines.append("  kind: \(config.deliverSubject == nil ? "pull" : "push"), \(config.durableName == nil ? "ephemeral" : "durable")")
        lines.append("  filter: \(config.allFilterSubjects.joined(separator: ", ").ifEmpty("all subjects"))")
        lines.append("  deliver: \(config.deliverPolicy.cliDescription), ack: \(config.ackPolicy)")
        lines.append(
            "  ack wait: \(config.ackWait.map(DurationFlag.format) ?? "server default"), "
                + "max deliver: \(config.maxDeliver.map { $0 < 0 ? "unlimited" : String($0) } ?? "unlimited"), "
                + "backoff: \(config.backoff.isEmpty ? "none" : config.backoff.map(DurationFlag.format).joined(separator: ","))"
        )
        lines.append(
            "  max ack pending: \(config.maxAckPending.map(String.init) ?? "server default"), "
                + "max waiting: \(config.maxWaiting.map(String.init) ?? "server default")"
        )
        if info.paused { lines.append("  paused") }
        lines.append("State")
        lines.append("  delivered: stream seq \(info.delivered.streamSequence), consumer seq \(info.delivered.consumerSequence)")
        lines.append("  ack floor: stream seq \(info.ackFloor.streamSequence), consumer seq \(info.ackFloor.consumerSequence)")
        lines.append(
            "  pending: \(info.numPending), ack pending: \(info.numAckPending), redelivered: \(info.numRedelivered), "
                + "waiting pulls: \(info.numWaiting)"
        )
        Swift.print(lines.joined(separator: "\n"))
    }
}
