import Foundation
import NATS
import NIOCore

/// A request on an edge's control subject `rsfga.control.sync.<edge>`.
public struct SyncRequest: Codable, Sendable, Hashable {
    /// `position` (report where the edge is) or `rebuild` (empty a store and fill it again from the stream).
    public var action: String
    /// The store to rebuild.
    public var store: String?

    /// Creates a request.
    public init(action: String, store: String? = nil) {
        self.action = action
        self.store = store
    }
}

/// The answer to a ``SyncRequest``.
public struct SyncReply: Codable, Sendable, Hashable {
    /// The edge.
    public var edge: String
    /// Whether the request was carried out.
    public var ok: Bool
    /// Why not.
    public var error: String?
    /// Each store's position.
    public var stores: [StorePosition]
    /// Whether the edge is ready, and why not.
    public var readiness: EdgeReadiness
    /// What the agent did since it started.
    public var counts: EdgeCounts
}

extension EdgeAgent {
    /// Answers `rsfga.control.sync.<id>` and drops cached answers on `rsfga.control.invalidate.<cache_key>`.
    func serveControl() async throws {
        let sync = try await client.subscribe("\(config.controlPrefix).sync.\(config.id)")
        let invalidatePrefix = "\(config.controlPrefix).invalidate."
        let invalidations = try await client.subscribe(invalidatePrefix + ">")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await message in sync {
                    let reply = await self.control(message.payload)
                    guard let replyTo = message.replyTo, let data = try? JSONEncoder().encode(reply) else { continue }
                    try? await self.client.publish(replyTo, payload: ByteBuffer(bytes: data))
                }
            }
            group.addTask {
                for try await message in invalidations {
                    let key = String(message.subject.dropFirst(invalidatePrefix.count))
                    let dropped = self.cache.invalidate(key)
                    self.logger.debug("cache invalidated", metadata: ["key": "\(key)", "dropped": "\(dropped)"])
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Carries out one control request.
    func control(_ payload: ByteBuffer) async -> SyncReply {
        var failure: String?
        if let request = try? JSONDecoder().decode(SyncRequest.self, from: Data(payload.readableBytesView)) {
            switch request.action {
            case "position":
                break
            case "rebuild":
                if let storeID = request.store, products.syncedStores.contains(storeID) {
                    do { try await rebuild(store: storeID) } catch { failure = "rebuild failed: \(error)" }
                } else {
                    failure = "rebuild needs a store this edge keeps: \(products.syncedStores.sorted().joined(separator: ", "))"
                }
            default:
                failure = "unknown action \(request.action); expected position or rebuild"
            }
        } else {
            failure = "expected JSON {\"action\": \"position\"|\"rebuild\", \"store\": …}"
        }
        let positions = (try? await store.positions()) ?? []
        return SyncReply(edge: config.id, ok: failure == nil, error: failure, stores: positions, readiness: readiness, counts: counts)
    }

    /// Empties a store and fills it again from the stream; deliveries wait meanwhile, and those of the store's changes
    /// already filled are recognised as applied.
    public func rebuild(store storeID: String) async throws {
        let subjects = ProductRegistry(
            products.products.map { product in
                var only = product
                only.stores = product.stores.filter { $0 == storeID }
                return only
            }
        ).filterSubjects(prefix: config.changesPrefix)
        try await applying.withLease { _ in
            try await self.store.clear(store: storeID)
            try await self.fill(subjects: subjects)
        }
    }
}
