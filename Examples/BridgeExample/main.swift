// The JetStream bridge in one program: `billing` changes a row and publishes an event in the same PostgreSQL
// transaction (the outbox); a relay sends it to JetStream; `crm` consumes it with the inbox, writing its own row in
// the inbox's transaction. Run it with a NATS server with JetStream and a PostgreSQL database:
//
//     swift run bridge-example nats://127.0.0.1:4222 postgres://postgres@127.0.0.1:5432/postgres

import Foundation
import Logging
import PostgresNIO
import SluiceBridge
import SluiceBridgePostgres
import SluiceCore

let arguments = CommandLine.arguments
let natsURL = arguments.count > 1 ? arguments[1] : "nats://127.0.0.1:4222"
let postgresURL = arguments.count > 2 ? arguments[2] : "postgres://postgres@127.0.0.1:5432/postgres"
let logger = Logger(label: "bridge-example")

var billing = BridgeConfiguration(env: "example", appName: "billing", destinationApp: "crm")
billing.natsURLs = [natsURL]
var crm = BridgeConfiguration(env: "example", appName: "crm", destinationApp: "billing")
crm.natsURLs = [natsURL]

let postgres = PostgresClient(configuration: try PostgresClient.Configuration(url: postgresURL), backgroundLogger: logger)
let client = try await billing.connect(logger: logger)

try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { await postgres.run() }
    try await PostgresBridgeSchema.migrate(postgres, logger: logger)
    try await postgres.query("CREATE TABLE IF NOT EXISTS invoices (id TEXT PRIMARY KEY, amount INT NOT NULL)", logger: logger)
    try await postgres.query("CREATE TABLE IF NOT EXISTS crm_invoices (id TEXT PRIMARY KEY, amount INT NOT NULL)", logger: logger)

    // billing: the invoice and its event commit together, or neither does.
    let invoiceID = ULID.generate().description
    let publisher = Publisher(configuration: billing)
    let event = try await postgres.withTransaction(logger: logger) { connection in
        try await connection.query("INSERT INTO invoices (id, amount) VALUES (\(invoiceID), 4200)", logger: logger)
        return try await publisher.publish(
            resourceType: "invoice",
            resourceID: invoiceID,
            eventType: "created",
            payload: ["amount": 4200],
            in: connection
        )
    }
    print("billing: committed invoice \(invoiceID) with event \(event.eventID)")

    // The relay: outbox rows to JetStream.
    let relay = OutboxRelay(configuration: billing, store: PostgresOutboxStore(client: postgres), client: client)

    // crm: handles the event once, its own write in the inbox's transaction.
    let (received, receivedContinuation) = AsyncStream.makeStream(of: String.self)
    let consumer = Consumer(configuration: crm, client: client, durableName: "crm-invoices", inbox: PostgresInbox(client: postgres)) {
        message,
        connection in
        let amount = message.event.payload["amount"]?.intValue ?? 0
        try await connection.query(
            "INSERT INTO crm_invoices (id, amount) VALUES (\(message.event.resourceID), \(Int(amount))) ON CONFLICT (id) DO NOTHING",
            logger: logger
        )
        receivedContinuation.yield(message.event.eventID)
    }

    try await withThrowingTaskGroup(of: Void.self) { services in
        services.addTask { try await relay.run() }
        services.addTask { try await consumer.run() }
        for await eventID in received where eventID == event.eventID {
            print("crm: handled event \(eventID) once, its row written in the inbox's transaction")
            break
        }
        consumer.stop()
        relay.stop()
        try await services.waitForAll()
    }
    group.cancelAll()
}
await client.close()
