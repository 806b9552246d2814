import AsyncHTTPClient
import Foundation
import NIOCore

/// The answer to a check, with where it came from.
public struct CheckAnswer: Codable, Sendable, Hashable {
    /// Whether the user has the relation.
    public var allowed: Bool
    /// `local` (the edge's store), `cached` (an earlier forwarded answer) or `forwarded` (the regional API, now).
    public var source: String

    /// Creates an answer.
    public init(allowed: Bool, source: String) {
        self.allowed = allowed
        self.source = source
    }
}

/// A check as the HTTP API takes it.
public struct CheckRequest: Codable, Sendable, Hashable {
    /// The object, e.g. `document:1`.
    public var object: String
    /// The relation, e.g. `viewer`.
    public var relation: String
    /// The user, e.g. `user:anne`.
    public var user: String

    /// Creates a request.
    public init(object: String, relation: String, user: String) {
        self.object = object
        self.relation = relation
        self.user = user
    }
}

/// Why a read cannot be answered; carries the HTTP status it maps to.
public struct EdgeReadError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// A short code.
    public var code: String
    /// What is wrong.
    public var message: String

    public var description: String { "\(code): \(message)" }
}

/// The edge's read path: checks and tuple reads answered from the local store for products in full mode, and from a
/// cache filled by the regional API for products in cache mode.
public struct EdgeReads: Sendable {
    /// The settings (products, regional API, depth).
    public let config: EdgeConfig
    /// The local store.
    public let store: EdgeStore
    /// The cache of forwarded answers.
    public let cache: AnswerCache
    /// The client checks are forwarded with.
    public let httpClient: HTTPClient
    private let currentProducts: @Sendable () -> ProductRegistry

    /// Creates the read path for the products of `config`.
    public init(config: EdgeConfig, store: EdgeStore, cache: AnswerCache, httpClient: HTTPClient = .shared) {
        self.config = config
        self.store = store
        self.cache = cache
        self.httpClient = httpClient
        self.currentProducts = { config.products }
    }

    /// Creates the read path of an agent: its store and cache, and its products as they are now (after a reload too).
    public init(agent: EdgeAgent, httpClient: HTTPClient = .shared) {
        self.config = agent.config
        self.store = agent.store
        self.cache = agent.cache
        self.httpClient = httpClient
        self.currentProducts = { agent.products }
    }

    /// The products the reads follow.
    public var products: ProductRegistry { currentProducts() }

    /// Checks whether `request.user` has `request.relation` on `request.object` in `storeID`.
    public func check(store storeID: String, _ request: CheckRequest) async throws -> CheckAnswer {
        guard let product = products.product(forStore: storeID) else {
            throw EdgeReadError(status: 404, code: "unknown_store", message: "no product of this edge uses store \(storeID)")
        }
        for value in [request.object, request.relation, request.user] where value.isEmpty {
            throw EdgeReadError(status: 400, code: "invalid_check", message: "object, relation and user must all be given")
        }
        let objectType = String(request.object.prefix { $0 != ":" })
        if product.mode == .full, product.shouldSync(store: storeID, objectType: objectType) {
            let allowed = try await LocalCheck(store: store, maxDepth: config.checkDepth).check(
                store: storeID,
                object: request.object,
                relation: request.relation,
                user: request.user,
                implied: product.implied
            )
            return CheckAnswer(allowed: allowed, source: "local")
        }
        let key = AnswerCache.Key(store: storeID, object: request.object, relation: request.relation, user: request.user)
        if let allowed = cache.answer(for: key) { return CheckAnswer(allowed: allowed, source: "cached") }
        let allowed = try await forward(store: storeID, request)
        cache.store(allowed, for: key)
        return CheckAnswer(allowed: allowed, source: "forwarded")
    }

    /// The tuples of a store the edge keeps.
    public func tuples(store storeID: String, object: String?, relation: String?, user: String?, limit: Int) async throws -> [TupleKey] {
        guard products.syncedStores.contains(storeID) else {
            throw EdgeReadError(status: 404, code: "unknown_store", message: "this edge keeps no tuples of store \(storeID)")
        }
        return try await store.tuples(store: storeID, object: object, relation: relation, user: user, limit: limit)
    }

    /// Asks the regional API: `POST <url>/stores/<store>/check` with the request, answered `{"allowed": bool}`.
    private func forward(store storeID: String, _ check: CheckRequest) async throws -> Bool {
        guard let regional = config.regional else {
            throw EdgeReadError(status: 503, code: "no_regional_api", message: "store \(storeID) is answered by the regional API, and none is set")
        }
        var request = HTTPClientRequest(url: "\(regional.url)/stores/\(storeID)/check")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(check)))
        let body: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: .milliseconds(regional.timeout.milliseconds))
            guard response.status.code == 200 else {
                throw EdgeReadError(status: 502, code: "regional_failed", message: "the regional API answered \(response.status.code)")
            }
            body = try await response.body.collect(upTo: 1 << 20)
        } catch let error as EdgeReadError {
            throw error
        } catch {
            throw EdgeReadError(status: 504, code: "regional_unreachable", message: "the regional API did not answer: \(error)")
        }
        struct Answer: Decodable { var allowed: Bool }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(body.readableBytesView)) else {
            throw EdgeReadError(status: 502, code: "regional_invalid", message: "the regional API's answer has no \"allowed\"")
        }
        return answer.allowed
    }
}

extension Duration {
    /// The whole milliseconds of the duration.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
