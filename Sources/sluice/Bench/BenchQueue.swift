import EmbeddedNATS
import Foundation
import JetStream
import Logging
import NATS
import SluiceRouter
import SluiceSQLite
import SluiceSQS

/// The queue a router benchmark reads, and how to close what it started.
struct BenchQueue {
    let queue: any QueueConsumer & QueueProducer
    let close: () async -> Void

    static func open(_ choice: RouterBenchCommand.QueueChoice, directory: String, sqsEndpoint: String?, logger: Logger) async throws -> BenchQueue {
        switch choice {
        case .sqlite:
            let file = try await SQLiteQueue.open(path: directory + "/queue.sqlite")
            let queue = try await SQLiteQueueConsumer.open(queue: file, subject: "router.bench", consumer: "router")
            return BenchQueue(queue: queue) { try? await file.close() }
        case .jetstream:
            var configuration = NATSServerConfiguration(directory: directory + "/nats")
            configuration.logger = logger
            let nats = try await NATSServerProcess.start(configuration)
            let client = try await NATSClient.connect(NATSClientOptions(servers: [nats.url], logger: logger))
            let queue = try await JetStreamQueueConsumer.open(
                context: JetStreamContext(client: client, logger: logger),
                stream: "ROUTER_BENCH",
                subject: "router.bench",
                durable: "router"
            )
            return BenchQueue(queue: queue) {
                await client.close()
                await nats.stop()
            }
        case .sqs:
            let credentials = AWSCredentials.fromEnvironment() ?? AWSCredentials(accessKeyID: "bench", secretAccessKey: "bench")
            let region = ProcessInfo.processInfo.environment["AWS_REGION"] ?? "us-east-1"
            let client = try SQSClient(endpoint: sqsEndpoint ?? "", region: region, credentials: credentials)
            let url = try await client.createQueue(named: "router-bench-\(getpid())")
            return BenchQueue(queue: SQSQueueConsumer(client: client, queueURL: url)) { try? await client.shutdown() }
        }
    }
}
