import Foundation
import JetStream
import NATS
import NATSTestSupport
import SluiceRouter
import SluiceSQLite
import SluiceSQS
import Testing

/// A router queue in a real server (or file), made fresh for one test.
typealias RouterQueue = QueueConsumer & QueueProducer

/// The three queue implementations the conformance and router suites run against.
enum QueueKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case jetStream
    case sqs
    case sqsFIFO

    var testDescription: String { rawValue }

    /// Runs `body` with a new, empty queue whose visibility timeout is `visibility`, and a second one for dead letters.
    func withQueue<T: Sendable>(
        visibility: Duration = .seconds(30),
        _ body: @Sendable (_ queue: any RouterQueue, _ deadLetters: any RouterQueue) async throws -> T
    ) async throws -> T {
        switch self {
        case .sqlite:
            let directory = try TestDirectory.make(prefix: "router-sqlite")
            defer { TestDirectory.remove(directory) }
            let file = try await SQLiteQueue.open(path: "\(directory)/queue.sqlite")
            do {
                let queue = try await SQLiteQueueConsumer.open(queue: file, subject: "router.in", consumer: "router", visibilityTimeout: visibility)
                let dead = try await SQLiteQueueConsumer.open(queue: file, subject: "router.dead", consumer: "dead", visibilityTimeout: visibility)
                let result = try await body(queue, dead)
                try await file.close()
                return result
            } catch {
                try? await file.close()
                throw error
            }
        case .jetStream:
            return try await TestNATSServer.withServer { server in
                let client = try await NATSClient.connect(NATSClientOptions(servers: [server.url]))
                do {
                    let context = JetStreamContext(client: client)
                    let queue = try await JetStreamQueueConsumer.open(
                        context: context,
                        stream: "ROUTER",
                        subject: "router.in",
                        durable: "router",
                        visibilityTimeout: visibility
                    )
                    let dead = try await JetStreamQueueConsumer.open(
                        context: context,
                        stream: "DEAD",
                        subject: "router.dead",
                        durable: "dead",
                        visibilityTimeout: visibility
                    )
                    let result = try await body(queue, dead)
                    await client.close()
                    return result
                } catch {
                    await client.close()
                    throw error
                }
            }
        case .sqs, .sqsFIFO:
            return try await TestMotoServer.withServer { moto in
                let credentials = AWSCredentials(accessKeyID: TestMotoServer.accessKeyID, secretAccessKey: TestMotoServer.secretAccessKey)
                let client = try SQSClient(endpoint: moto.url, region: TestMotoServer.region, credentials: credentials)
                do {
                    let fifo = self == .sqsFIFO
                    let url = try await client.createQueue(named: fifo ? "router.fifo" : "router", fifo: fifo, visibilityTimeout: visibility)
                    let deadURL = try await client.createQueue(named: "dead", visibilityTimeout: visibility)
                    let queue = SQSQueueConsumer(client: client, queueURL: url, visibilityTimeout: visibility)
                    let dead = SQSQueueConsumer(client: client, queueURL: deadURL, visibilityTimeout: visibility)
                    let result = try await body(queue, dead)
                    try await client.shutdown()
                    return result
                } catch {
                    try? await client.shutdown()
                    throw error
                }
            }
        }
    }
}

/// Polls until `count` messages came or `attempts` polls returned nothing in a row.
func pollAll(_ queue: any QueueConsumer, count: Int, emptyPolls attempts: Int = 5) async throws -> [LeasedMessage] {
    var messages: [LeasedMessage] = []
    var empty = 0
    while messages.count < count, empty < attempts {
        let batch = try await queue.poll(max: count - messages.count)
        empty = batch.isEmpty ? empty + 1 : 0
        messages += batch
    }
    return messages
}
