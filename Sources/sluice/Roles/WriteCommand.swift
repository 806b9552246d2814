import ArgumentParser

/// `sluice write CONFIG`: JetStream → Elasticsearch bulk.
struct WriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Bulk-write envelopes from JetStream into Elasticsearch/OpenSearch.",
        discussion: """
            Runs the configuration's pipelines whose sink is elasticsearch: a durable pull consumer, batches \
            (batch.max_records, max_bytes, max_age), _bulk with version_type=external so nothing regresses. \
            409 conflicts are acknowledged, mapping errors go to the DLQ, an unreachable target is retried \
            behind a circuit breaker that /readyz reports.
            """
    )

    @OptionGroup var options: RoleOptions

    func run() async throws {
        try await options.run(try options.load(for: .write))
    }
}
