import SluiceBridge
import SluiceConnectors
import SluiceCore
import SluiceRuntime
import SluiceYAML

/// The file `sluice outbox` reads: the bridge's settings and the relay's.
///
/// ```yaml
/// bridge:
///   nats_urls: [nats://127.0.0.1:4222]
///   env: production
///   app_name: billing
///   destination_app: crm
/// event_loop_threads: 1
/// outbox:
///   postgres: postgres://app@127.0.0.1:5432/app   # or sqlite: /var/lib/app/app.sqlite
///   batch_size: 1000
///   batches_in_flight: 2
///   poll_interval: 1s
///   retention: 24h
///   ready_max_age: 60s
///   listen: 127.0.0.1:8081
///   allowed_hosts: [relay.internal]
/// ```
struct OutboxRoleConfig: Decodable {
    /// The relay's own settings.
    struct Outbox: Decodable {
        /// The PostgreSQL database holding the outbox table.
        var postgres: String?
        /// Or the SQLite file holding it.
        var sqlite: String?
        var batchSize: Int?
        var batchesInFlight: Int?
        var publishWindow: Int?
        var pollInterval: String?
        var retention: String?
        var readyMaxAge: String?
        /// How long an SQLite relay's claim holds its rows before another relay may take them.
        var lease: String?
        /// How long one PostgreSQL step (a connection, a claim, a mark and commit) may wait for the server.
        var timeout: String?
        var listen: String?
        /// Names the operations API answers in `Host` besides loopback and the bound address; `*` for any.
        var allowedHosts: [String]?

        enum CodingKeys: String, CodingKey {
            case postgres
            case sqlite
            case batchSize = "batch_size"
            case batchesInFlight = "batches_in_flight"
            case publishWindow = "publish_window"
            case pollInterval = "poll_interval"
            case retention
            case readyMaxAge = "ready_max_age"
            case lease
            case timeout
            case listen
            case allowedHosts = "allowed_hosts"
        }
    }

    var bridge: BridgeConfiguration
    var outbox: Outbox
    /// `event_loop_threads`: the threads of the event-loop group the relay's connections and its operations API run
    /// on. Defaults to 1: the relay's work is I/O.
    var eventLoopThreads: Int?

    enum CodingKeys: String, CodingKey {
        case bridge
        case outbox
        case eventLoopThreads = "event_loop_threads"
    }

    /// Reads and checks a file.
    static func load(file: String) throws -> OutboxRoleConfig {
        let text: String
        do {
            text = try TextFile.read(file)
        } catch {
            throw OutboxRoleConfigError("cannot read the file: \(error)")
        }
        let config = try YAMLDecoder().decode(OutboxRoleConfig.self, from: text)
        try config.bridge.validate()
        if (config.outbox.postgres == nil) == (config.outbox.sqlite == nil) {
            throw OutboxRoleConfigError("outbox: give either postgres (a URL) or sqlite (a file), not both or neither")
        }
        if let threads = config.eventLoopThreads, threads < 1 {
            throw OutboxRoleConfigError("event_loop_threads: must be at least 1, not \(threads)")
        }
        return config
    }

    /// The relay options the file sets, defaults elsewhere.
    func relayOptions<Store>(for: Store.Type) throws -> OutboxRelay<Store>.Options {
        var options = OutboxRelay<Store>.Options()
        if let batchSize = outbox.batchSize { options.batchSize = batchSize }
        if let batches = outbox.batchesInFlight { options.batchesInFlight = batches }
        if let window = outbox.publishWindow { options.publishWindow = window }
        if let poll = outbox.pollInterval { options.pollInterval = try Duration(parsing: poll) }
        if let retention = outbox.retention { options.retention = retention == "0" ? nil : try Duration(parsing: retention) }
        return options
    }

    /// The store the file names (``load(file:)`` checks it names exactly one).
    var store: OutboxSection.Store {
        if let url = outbox.postgres { return .postgres(url: url) }
        return .sqlite(path: outbox.sqlite ?? "")
    }

    /// How long an SQLite claim holds its rows. Defaults to 60 seconds.
    func lease() throws -> Duration {
        try outbox.lease.map { try Duration(parsing: $0) } ?? .seconds(60)
    }

    /// How long one PostgreSQL step may wait for the server. Defaults to 10 seconds.
    func timeout() throws -> Duration {
        try outbox.timeout.map { try Duration(parsing: $0) } ?? .seconds(10)
    }

    /// How old the oldest unpublished row may be before `/readyz` says degraded. Defaults to 60 seconds.
    func readyMaxAge() throws -> Duration {
        try outbox.readyMaxAge.map { try Duration(parsing: $0) } ?? .seconds(60)
    }
}

/// A `sluice outbox` file that names no store, or two.
struct OutboxRoleConfigError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
