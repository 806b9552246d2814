import Foundation
import SluiceRuntime
import SluiceSQLite
import SluiceYAML

extension EdgeConfig {
    /// Reads an edge configuration file; passwords come from the variables it names in `environment`.
    ///
    /// - Throws: `ConfigError` with every problem as `file:line:column: field: message`.
    public static func load(file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> EdgeConfig {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadable, issues: [ConfigIssue(file: file, line: 0, column: 0, path: "", message: "cannot read: \(error)")])
        }
        return try parse(text, file: file, environment: environment)
    }

    /// Reads the text of an edge configuration; `file` names it in problems.
    public static func parse(_ text: String, file: String = "edge.yaml", environment: [String: String] = [:]) throws -> EdgeConfig {
        let root: YAMLNode?
        do {
            root = try YAMLNode.parse(text)
        } catch {
            throw ConfigError(.syntax, issues: [ConfigIssue(syntax: error, file: file)])
        }
        let reader = ConfigReader(file: file, environment: environment)
        let config = root.flatMap { EdgeConfigDecoder(reader: reader, environment: environment).decode(ConfigField(node: $0, path: "")) }
        guard let config, reader.issues.isEmpty else {
            var issues = reader.issues
            if root == nil { issues.append(ConfigIssue(file: file, line: 0, column: 0, path: "edge", message: "the file is empty")) }
            throw ConfigError(.invalid, issues: issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return config
    }
}

/// Turns an edge configuration document into an ``EdgeConfig``, reporting every problem to its reader.
struct EdgeConfigDecoder {
    let reader: ConfigReader
    let environment: [String: String]

    func decode(_ root: ConfigField) -> EdgeConfig? {
        guard let keys = reader.mapping(root, allowed: ["edge", "products"]),
            let edgeField = reader.require("edge", in: keys, parent: root, what: "the edge's settings"),
            let productsField = reader.require("products", in: keys, parent: root, what: "a list of products"),
            let edge = reader.mapping(
                edgeField,
                allowed: [
                    "id", "nats", "store", "synchronous", "listen", "stream", "changes_prefix", "control_prefix", "max_deliver", "nak_delay",
                    "ack_wait",
                    "max_ack_pending", "consumer_replicas", "concurrency", "catch_up_concurrency", "catch_up_above", "lag_threshold", "lag_interval",
                    "regional_api",
                    "cache_ttl", "check_depth", "auth", "allowed_hosts", "allowed_origins",
                ]
            )
        else { return nil }
        let id = reader.require("id", in: edge, parent: edgeField, what: "the edge's id").flatMap { token($0) }
        let nats = reader.require("nats", in: edge, parent: edgeField, what: "the local NATS server").flatMap { natsSettings($0) }
        let store = reader.require("store", in: edge, parent: edgeField, what: "the SQLite file of the local store").flatMap {
            reader.nonEmptyString($0)
        }
        let indexed = (reader.sequence(productsField) ?? []).enumerated().compactMap { index, field in product(field).map { (index, $0) } }
        let products = indexed.map(\.1)
        var ids: Set<String> = []
        for (index, product) in indexed where !ids.insert(product.id).inserted {
            reader.report(at: productsField.node.mark, path: "products[\(index)].id", "product \(product.id) is listed twice")
        }
        var config = EdgeConfig(id: id ?? "", nats: nats ?? EdgeConfig.NATS(urls: []), storePath: store ?? "", products: ProductRegistry(products))
        if let field = edge["synchronous"], let value = reader.choice(field, as: SynchronousMode.self) { config.synchronous = value }
        if let field = edge["listen"], let value = reader.nonEmptyString(field) { config.listen = value }
        if let field = edge["stream"], let value = token(field) { config.stream = value }
        if let field = edge["changes_prefix"], let value = reader.nonEmptyString(field) { config.changesPrefix = value }
        if let field = edge["control_prefix"], let value = reader.nonEmptyString(field) { config.controlPrefix = value }
        if let field = edge["max_deliver"], let value = reader.integer(field) { config.maxDeliver = value }
        if let field = edge["nak_delay"], let value = reader.duration(field) { config.nakDelay = value }
        if let field = edge["ack_wait"], let value = reader.duration(field) { config.ackWait = value }
        if let field = edge["max_ack_pending"], let value = reader.integer(field) { config.maxAckPending = value }
        if let field = edge["consumer_replicas"], let value = reader.integer(field, minimum: 1) { config.consumerReplicas = value }
        if let field = edge["concurrency"], let value = reader.integer(field) { config.concurrency = value }
        if let field = edge["catch_up_concurrency"], let value = reader.integer(field) { config.catchUpConcurrency = value }
        if let field = edge["catch_up_above"], let value = reader.integer(field, minimum: 0) { config.catchUpAbove = value }
        if let field = edge["lag_threshold"], let value = reader.integer(field) { config.lagThreshold = value }
        if let field = edge["lag_interval"], let value = reader.duration(field) { config.lagInterval = value }
        if let field = edge["cache_ttl"], let value = reader.duration(field) { config.cacheTTL = value }
        if let field = edge["check_depth"], let value = reader.integer(field) { config.checkDepth = value }
        if let field = edge["regional_api"] { config.regional = regional(field) }
        if let field = edge["auth"], let auth = ServerAuthSettings.decode(field, reader: reader) { config.auth = auth }
        if let field = edge["allowed_hosts"] { config.allowedHosts = reader.stringList(field) ?? [] }
        if let field = edge["allowed_origins"] { config.allowedOrigins = reader.stringList(field) ?? [] }
        if let problem = config.exposureProblem(listen: config.listen) { reader.report(edge["listen"] ?? edgeField, problem) }
        if config.regional == nil, let (index, product) = indexed.first(where: { $0.1.mode == .cache }) {
            reader.report(
                at: productsField.node.mark,
                path: "products[\(index)].mode",
                "product \(product.id) answers from a cache filled by the regional API; set edge.regional_api"
            )
        }
        guard id != nil, nats != nil, store != nil else { return nil }
        return config
    }

    private func natsSettings(_ field: ConfigField) -> EdgeConfig.NATS? {
        guard let keys = reader.mapping(field, allowed: ["urls", "user", "password_env", "domain", "ca_file", "cert_file", "key_file"]),
            let urls = reader.require("urls", in: keys, parent: field, what: "the local server's URLs").flatMap({ reader.stringList($0) })
        else { return nil }
        var nats = EdgeConfig.NATS(urls: urls)
        if let field = keys["user"] { nats.user = reader.nonEmptyString(field) }
        if let field = keys["password_env"], let name = reader.nonEmptyString(field) {
            if let value = environment[name], !value.isEmpty {
                nats.password = value
            } else {
                reader.report(field, "the environment variable \(name) is not set")
            }
        }
        if let field = keys["domain"] { nats.domain = token(field) }
        if let field = keys["ca_file"] { nats.caFile = reader.nonEmptyString(field) }
        if let field = keys["cert_file"] { nats.certFile = reader.nonEmptyString(field) }
        if let field = keys["key_file"] { nats.keyFile = reader.nonEmptyString(field) }
        return nats
    }

    private func product(_ field: ConfigField) -> Product? {
        guard let keys = reader.mapping(field, allowed: ["id", "tier", "mode", "stores", "object_types", "implied"]),
            let id = reader.require("id", in: keys, parent: field, what: "the product's id").flatMap({ reader.nonEmptyString($0) }),
            let tier = reader.require("tier", in: keys, parent: field, what: "critical, hot, warm or cold").flatMap({
                reader.choice($0, as: Product.Tier.self)
            }),
            let storesField = reader.require("stores", in: keys, parent: field, what: "the stores it uses"),
            let stores = reader.stringList(storesField)
        else { return nil }
        for store in stores where !ChangeSubjects.isToken(store) {
            reader.report(storesField, "store \(reader.quoted(store)) must be a subject token (no spaces, dots, * or >)")
        }
        let mode = keys["mode"].flatMap { reader.choice($0, as: Product.Mode.self) }
        var objectTypes: [String] = []
        if let field = keys["object_types"] { objectTypes = reader.stringList(field) ?? [] }
        if tier == .hot, objectTypes.isEmpty {
            reader.report(
                at: field.node.mark,
                path: field.child("object_types"),
                "a hot product keeps only the object types listed here; list at least one"
            )
        }
        if tier == .warm || tier == .cold, mode == .full {
            reader.report(keys["mode"] ?? field, "a \(tier.rawValue) product is not kept on the edge, so it cannot answer in full mode")
        }
        var implied: [String: [String]] = [:]
        if let field = keys["implied"] {
            for (relation, impliers) in reader.entries(field, what: "relations, each with the relations that imply it") ?? [] {
                implied[relation] = reader.stringList(impliers) ?? []
            }
        }
        return Product(id: id, tier: tier, mode: mode, stores: stores, objectTypes: objectTypes, implied: implied)
    }

    private func regional(_ field: ConfigField) -> EdgeConfig.Regional? {
        guard let keys = reader.mapping(field, allowed: ["url", "timeout"]),
            let url = reader.require("url", in: keys, parent: field, what: "the regional API's base URL").flatMap({ reader.nonEmptyString($0) })
        else { return nil }
        var regional = EdgeConfig.Regional(url: url)
        if let field = keys["timeout"], let timeout = reader.duration(field) { regional.timeout = timeout }
        return regional
    }

    private func token(_ field: ConfigField) -> String? {
        guard let value = reader.nonEmptyString(field) else { return nil }
        guard ChangeSubjects.isToken(value) else {
            reader.report(field, "\(reader.quoted(value)) must be a subject token (no spaces, dots, * or >)")
            return nil
        }
        return value
    }
}
