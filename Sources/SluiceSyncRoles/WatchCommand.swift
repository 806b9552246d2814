import ArgumentParser
import SluiceLauncher

/// `sluice watch CONFIG`: Elasticsearch → JetStream.
public struct WatchCommand<Wiring: RoleWiring>: AsyncParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "watch",
            abstract: "Watch Elasticsearch/OpenSearch indices and publish their changes to JetStream.",
            discussion: """
                Runs the configuration's pipelines whose source is elasticsearch: a snapshot of each index, then polling \
                by its cursor field; each change is an envelope published with Nats-Msg-Id = its event id. The cursor \
                is checkpointed (a key-value bucket, or a file) after JetStream stored everything before it.
                """
        )
    }

    @OptionGroup var options: RoleOptions

    public init() {}

    public func run() async throws {
        try await options.run(try options.load(for: .watch, connectors: Wiring.connectors), wiring: Wiring.self)
    }
}
