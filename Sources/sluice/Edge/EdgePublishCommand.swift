import ArgumentParser
import Foundation
import JetStream
import NATS
import SluiceEdge

/// `sluice edge publish`: publishes tuple changes to the change stream.
struct EdgePublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a tuple change (or --count generated ones) to rsfga.changes.<store>.<operation>.<object_type>.",
        discussion: """
            A tuple is OBJECT#RELATION@USER, e.g. document:1#viewer@user:anne. With --count N, N changes are published in one \
            batch (the asynchronous window), each writing OBJECT_TYPE:<i>#viewer@user:<i>.
            """
    )

    @Option(name: .long, help: "NATS server URLs.")
    var server: [String] = ["nats://127.0.0.1:4222"]

    @Option(name: .long, help: "The user to connect as.")
    var user: String?

    @Option(name: .long, help: "The environment variable holding the password.")
    var passwordEnv: String?

    @Option(name: .long, help: "The JetStream domain of the change stream.")
    var domain: String?

    @Option(name: .long, help: "The store.")
    var store: String

    @Option(name: .long, help: "The object type (the subject's last token); default: the type of the first tuple's object.")
    var objectType: String?

    @Option(name: .long, help: "A tuple to write, OBJECT#RELATION@USER (repeatable).")
    var write: [String] = []

    @Option(name: .long, help: "A tuple to delete, OBJECT#RELATION@USER (repeatable).")
    var delete: [String] = []

    @Option(name: .long, help: "The change id (Nats-Msg-Id); default a new UUID.")
    var changeID: String?

    @Option(name: .long, help: "Publish this many generated changes in one batch instead.")
    var count: Int?

    @Flag(name: .long, help: "Create or update the stream RSFGA_CHANGES first.")
    var createStream = false

    @Option(name: .long, help: "Replicas of the stream when --create-stream makes it.")
    var replicas: Int = 3

    func run() async throws {
        var options = NATSClientOptions(servers: server)
        options.name = "sluice-edge-publish"
        if let user {
            let password = passwordEnv.flatMap { ProcessInfo.processInfo.environment[$0] } ?? ""
            options.auth = .userPassword(user: user, password: password)
        }
        let client = try await NATSClient.connect(options)
        defer { Task { await client.close() } }
        let context = JetStreamContext(client: client, domain: domain)
        if createStream {
            var stream = ChangeStream()
            stream.replicas = replicas
            try await stream.ensure(in: context)
        }
        let publisher = ChangePublisher(context: context)
        if let count {
            let type = objectType ?? "document"
            let changes = (0..<count).map { index in
                TupleChange(
                    storeID: store,
                    objectType: type,
                    writes: [TupleKey(object: "\(type):\(index)", relation: "viewer", user: "user:\(index)")],
                    changeID: "\(changeID ?? UUID().uuidString)-\(index)"
                )
            }
            let clock = ContinuousClock()
            let start = clock.now
            let acks = try await publisher.publishBatch(changes)
            let seconds = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
            print("published \(acks.count) changes to \(store) in \(String(format: "%.2f", seconds)) s, last sequence \(acks.last?.sequence ?? 0)")
            return
        }
        let writes = try write.map(Self.tuple)
        let deletes = try delete.map(Self.tuple)
        guard let type = objectType ?? (writes + deletes).first?.objectType else {
            throw ValidationError("give at least one --write or --delete, or --count")
        }
        let change = TupleChange(storeID: store, objectType: type, writes: writes, deletes: deletes, changeID: changeID ?? UUID().uuidString)
        let ack = try await publisher.publish(change)
        print("published \(change.changeID) to \(change.subject()) as sequence \(ack.sequence)\(ack.duplicate ? " (duplicate)" : "")")
    }

    static func tuple(_ text: String) throws -> TupleKey {
        guard let hash = text.firstIndex(of: "#"), let at = text[hash...].firstIndex(of: "@") else {
            throw ValidationError("a tuple is OBJECT#RELATION@USER, got '\(text)'")
        }
        return TupleKey(
            object: String(text[..<hash]),
            relation: String(text[text.index(after: hash)..<at]),
            user: String(text[text.index(after: at)...])
        )
    }
}
