import FoundationEssentials
import JetStream
import NATS
import SluiceRouter
import SluiceSQLite
import SluiceSQS

/// The queues of a `sluice router` file, opened, and what has to be closed when the router stops.
final class RouterQueues {
    /// The queues read, by the name the API submits to, in the file's order.
    private(set) var named: [(name: String, queue: any QueueConsumer & QueueProducer)] = []
    private(set) var deadLetters: (any QueueConsumer & QueueProducer)?
    private var sqliteFiles: [String: SQLiteQueue] = [:]
    private var natsClients: [String: NATSClient] = [:]
    private var sqsClients: [String: SQSClient] = [:]

    /// Opens the queues of `config`; on failure, closes what was opened.
    static func open(_ config: RouterRoleConfig) async throws -> RouterQueues {
        let queues = RouterQueues()
        do {
            for settings in config.queues { queues.named.append((settings.name, try await queues.open(settings))) }
            queues.deadLetters = try await queues.open(config.deadLetters)
            return queues
        } catch {
            await queues.close()
            throw error
        }
    }

    /// Opens one queue, sharing files and connections between queues that name the same ones.
    func open(_ settings: QueueSettings) async throws -> any QueueConsumer & QueueProducer {
        switch settings.kind {
        case .sqlite:
            let path = settings.path ?? ""
            let file: SQLiteQueue
            if let existing = sqliteFiles[path] {
                file = existing
            } else {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
                if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
                file = try await SQLiteQueue.open(path: path)
                sqliteFiles[path] = file
            }
            return try await SQLiteQueueConsumer.open(
                queue: file,
                subject: settings.subject,
                consumer: settings.consumer,
                visibilityTimeout: settings.visibilityTimeout
            )
        case .jetstream:
            let key = settings.natsURLs.joined(separator: ",")
            let client: NATSClient
            if let existing = natsClients[key] {
                client = existing
            } else {
                client = try await NATSClient.connect(NATSClientOptions(servers: settings.natsURLs))
                natsClients[key] = client
            }
            return try await JetStreamQueueConsumer.open(
                context: JetStreamContext(client: client),
                stream: settings.stream,
                subject: settings.subject,
                durable: settings.consumer,
                visibilityTimeout: settings.visibilityTimeout
            )
        case .sqs:
            let environment = ProcessInfo.processInfo.environment
            guard let credentials = AWSCredentials.fromEnvironment(environment) else {
                throw RouterQueueError("an sqs queue needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
            }
            let region = settings.region ?? environment["AWS_REGION"] ?? "us-east-1"
            let endpoint = settings.endpoint ?? "https://sqs.\(region).amazonaws.com"
            let client: SQSClient
            if let existing = sqsClients[endpoint] {
                client = existing
            } else {
                client = try SQSClient(endpoint: endpoint, region: region, credentials: credentials)
                sqsClients[endpoint] = client
            }
            return SQSQueueConsumer(client: client, queueURL: settings.queueURL ?? "", visibilityTimeout: settings.visibilityTimeout)
        }
    }

    /// Closes files and connections.
    func close() async {
        for file in sqliteFiles.values { try? await file.close() }
        for client in natsClients.values { await client.close() }
        for client in sqsClients.values { try? await client.shutdown() }
        sqliteFiles = [:]
        natsClients = [:]
        sqsClients = [:]
    }
}
