import ArgumentParser
import SluiceLauncher

/// `sluice write CONFIG`: JetStream → Elasticsearch bulk.
public struct WriteCommand<Wiring: RoleWiring>: AsyncParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "write",
            abstract: "Bulk-write envelopes from JetStream into Elasticsearch/OpenSearch.",
            discussion: """
                Runs the configuration's pipelines whose sink is elasticsearch: a durable pull consumer, batches \
                (batch.max_records, max_bytes, max_age), _bulk with version_type=external so nothing regresses. \
                409 conflicts are acknowledged, mapping errors go to the DLQ, an unreachable target is retried \
                behind a circuit breaker that /readyz reports.
                """
        )
    }

    @OptionGroup var options: RoleOptions

    public init() {}

    public func run() async throws {
        try await options.run(try options.load(for: .write, connectors: Wiring.connectors), wiring: Wiring.self)
    }
}
