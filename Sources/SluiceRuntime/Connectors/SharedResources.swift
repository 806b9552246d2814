/// Something several connectors use and the runtime closes when it stops: an index file, a cluster's HTTP client.
public protocol SharedResource: Sendable {
    /// Releases it; called once, after every pipeline stopped.
    func close() async
}

/// The resources of a running runtime, by key: the first connector that asks for a key opens it, the others get the
/// same one, and ``closeAll()`` closes them in the reverse order of opening. After ``closeAll()`` nothing opens.
public actor SharedResources {
    private var opened: [String: any SharedResource] = [:]
    private var order: [String] = []
    private var opening: [String: Task<any SharedResource, any Error>] = [:]
    private var closed = false

    /// An empty set.
    public init() {}

    /// The resource under `key`, opened with `open` if nobody has yet. A failed opening is not remembered, so a later
    /// caller tries again.
    ///
    /// - Throws: What `open` throws, a ``SharedResourceError`` when the key holds a resource of another type, or a
    ///   ``SharedResourcesClosed`` once the resources are closed (a resource that finishes opening after that is
    ///   closed at once).
    public func resource<Resource: SharedResource>(
        _ key: String,
        open: @escaping @Sendable () async throws -> Resource
    ) async throws -> Resource {
        guard !closed else { throw SharedResourcesClosed(key: key) }
        let resource: any SharedResource
        if let existing = opened[key] {
            resource = existing
        } else if let task = opening[key] {
            resource = try await task.value
        } else {
            let task = Task<any SharedResource, any Error> { try await open() }
            opening[key] = task
            defer { opening[key] = nil }
            resource = try await task.value
            if closed {
                await resource.close()
                throw SharedResourcesClosed(key: key)
            }
            opened[key] = resource
            order.append(key)
        }
        guard let typed = resource as? Resource else {
            throw SharedResourceError(key: key, expected: "\(Resource.self)", found: "\(type(of: resource))")
        }
        return typed
    }

    /// Closes every resource, the last opened first; later requests for a resource throw ``SharedResourcesClosed``.
    public func closeAll() async {
        closed = true
        for key in order.reversed() { await opened[key]?.close() }
        opened = [:]
        order = []
    }
}

/// Two connectors asked for one shared resource key with different types.
public struct SharedResourceError: Error, CustomStringConvertible {
    /// The key.
    public var key: String
    /// The type asked for.
    public var expected: String
    /// The type stored.
    public var found: String

    public var description: String { "the shared resource \(key) is a \(found), not a \(expected)" }
}

/// A resource was asked for after the runtime's resources were closed.
public struct SharedResourcesClosed: Error, CustomStringConvertible {
    /// The key asked for.
    public var key: String

    public var description: String { "the shared resource \(key) is not opened: the runtime has stopped" }
}
