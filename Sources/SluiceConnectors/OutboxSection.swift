import SluiceBridge
import SluiceRuntime

/// An outbox relayed beside the pipelines (`sluice run` and `sluice dev`): the top-level `outbox:` key, with the same
/// store and bridge names as a `sluice outbox` file. The relay publishes through the configuration's NATS.
///
/// ```yaml
/// outbox:
///   sqlite: .sluice/outbox.sqlite     # or postgres: postgres://app@127.0.0.1:5432/app
///   env: development
///   app_name: billing
///   destination_app: crm
///   poll_interval: 50ms
/// ```
public struct OutboxSection: ConfigSectionSettings {
    /// Where the outbox table is.
    public enum Store: Sendable, Hashable {
        /// An SQLite file (created, with its tables, when missing).
        case sqlite(path: String)
        /// A PostgreSQL database (tables created with `sluice migrate`).
        case postgres(url: String)
    }

    /// The table's database; `nil` when the file has no `outbox:`, and then no relay runs.
    public var store: Store?
    /// The bridge's names: `env`, `app_name`, `destination_app`.
    public var bridge = BridgeConfiguration(env: "development", appName: "app", destinationApp: "app")
    /// How often the relay looks for rows when nothing wakes it. Default 50 ms for SQLite, 1 s for PostgreSQL.
    public var pollInterval: Duration?
    /// Rows claimed at once. Default the relay's.
    public var batchSize: Int?

    /// No outbox.
    public init() {}
}

extension ConfigSection {
    /// The top-level `outbox:`.
    public static let outbox = ConfigSection(OutboxSection.self, keys: ["outbox"]) { keys, reader, _ in
        var section = OutboxSection()
        let allowed = ["sqlite", "postgres", "env", "app_name", "destination_app", "poll_interval", "batch_size"]
        guard let field = keys["outbox"], let outbox = reader.mapping(field, allowed: allowed) else { return section }
        switch (outbox["sqlite"].flatMap { reader.nonEmptyString($0) }, outbox["postgres"].flatMap { reader.nonEmptyString($0) }) {
        case (let path?, nil): section.store = .sqlite(path: path)
        case (nil, let url?): section.store = .postgres(url: url)
        default: reader.report(field, "give either sqlite (a file) or postgres (a URL)")
        }
        let env = outbox["env"].flatMap { reader.nonEmptyString($0) } ?? "development"
        let app = outbox["app_name"].flatMap { reader.nonEmptyString($0) } ?? "app"
        guard let destinationField = reader.require("destination_app", in: outbox, parent: field, what: "the application the events are for"),
            let destination = reader.nonEmptyString(destinationField)
        else { return section }
        section.bridge = BridgeConfiguration(env: env, appName: app, destinationApp: destination)
        do {
            try section.bridge.validate()
        } catch {
            reader.report(field, "\(error)")
        }
        section.pollInterval = outbox["poll_interval"].flatMap { reader.duration($0) }
        section.batchSize = outbox["batch_size"].flatMap { reader.integer($0) }
        return section
    }
}
