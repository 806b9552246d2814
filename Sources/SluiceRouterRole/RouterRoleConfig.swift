import SluiceCore
import SluiceRouter
import SluiceRuntime
import SluiceYAML

/// The file `sluice router` reads (format in docs/router.md).
///
/// ```yaml
/// router:
///   listen: 127.0.0.1:8090
///   signing_secret_env: ROUTER_SIGNING_SECRET
/// queues:
///   - {kind: sqlite, path: .sluice/router.sqlite, subject: router.messages}
/// dead_letters: {kind: sqlite, path: .sluice/router.sqlite, subject: router.dead, consumer: dead}
/// pools:
///   orders: {concurrency: 10, rate_limit: {rate: 200, burst: 20}, retry: [1s, 5s, 30s], max_attempts: 10}
/// ```
struct RouterRoleConfig: Decodable {
    var router: RouterSettings
    var queues: [QueueSettings]
    var deadLetters: QueueSettings
    var pools: [PoolConfiguration]
    /// Who may call the platform API; without it the API is not served.
    var auth: RouterAuthSettings?
    /// `event_loop_threads`: the threads of the event-loop group every connection and the HTTP server run on.
    /// Defaults to 1: a router waiting for work needs no more, and its deliveries are I/O.
    var eventLoopThreads = 1

    enum CodingKeys: String, CodingKey {
        case router
        case queues
        case deadLetters = "dead_letters"
        case pools
        case auth
        case eventLoopThreads = "event_loop_threads"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        router = try container.decodeIfPresent(RouterSettings.self, forKey: .router) ?? RouterSettings()
        queues = try container.decode([QueueSettings].self, forKey: .queues)
        if queues.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .queues, in: container, debugDescription: "at least one queue is needed")
        }
        deadLetters = try container.decode(QueueSettings.self, forKey: .deadLetters)
        let byCode = try container.decode([String: PoolSettings].self, forKey: .pools)
        pools = byCode.sorted { $0.key < $1.key }.map { $0.value.configuration(code: $0.key) }
        auth = try container.decodeIfPresent(RouterAuthSettings.self, forKey: .auth)
        eventLoopThreads = try container.decodeIfPresent(Int.self, forKey: .eventLoopThreads) ?? eventLoopThreads
        if eventLoopThreads < 1 {
            throw DecodingError.dataCorruptedError(forKey: .eventLoopThreads, in: container, debugDescription: "must be at least 1")
        }
        let names = queues.map(\.name)
        if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw DecodingError.dataCorruptedError(forKey: .queues, in: container, debugDescription: "two queues are named '\(repeated)'")
        }
    }

    /// Reads and checks a file; errors say `file:line:column: field: problem`.
    static func load(file: String) throws -> RouterRoleConfig {
        let text: String
        do {
            text = try TextFile.read(file)
        } catch {
            throw ConfigFileError(description: "cannot read \(file): \(error)")
        }
        let document: YAMLNode
        do {
            document = try YAMLNode.parse(text) ?? YAMLNode(.mapping(YAMLMapping()), at: YAMLMark(line: 1, column: 1))
        } catch {
            throw ConfigFileError(description: "\(file):\(error.mark): invalid YAML: \(error.message)")
        }
        if let (mark, field, message) = RouterConfigKeys.firstUnknown(in: document) {
            throw ConfigFileError(description: "\(file):\(mark): \(field): \(message)")
        }
        do {
            return try YAMLDecoder().decode(RouterRoleConfig.self, from: document)
        } catch let error as DecodingError {
            throw ConfigFileError(file: file, document: document, error: error)
        }
    }
}

/// A decoding error placed at its line in the file.
struct ConfigFileError: Error, CustomStringConvertible {
    let description: String

    init(description: String) {
        self.description = description
    }

    init(file: String, document: YAMLNode, error: DecodingError) {
        let (path, message): ([any CodingKey], String)
        switch error {
        case .dataCorrupted(let context): (path, message) = (context.codingPath, context.debugDescription)
        case .keyNotFound(let key, let context): (path, message) = (context.codingPath + [key], "missing")
        case .typeMismatch(let type, let context): (path, message) = (context.codingPath, "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context): (path, message) = (context.codingPath, "expected \(type), found nothing")
        @unknown default: (path, message) = ([], "\(error)")
        }
        let field = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }
        let mark = document.node(at: path).mark
        description = "\(file):\(mark): \(field.isEmpty ? "(top)" : String(field)): \(message)"
    }
}
