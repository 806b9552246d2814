import FoundationEssentials

extension JetStreamContext {
    /// Creates a consumer on `stream`; fails with ``JetStreamErrorCode/consumerAlreadyExists`` when one with
    /// the same name and another configuration exists.
    ///
    /// Named consumers use `CONSUMER.CREATE.<stream>.<name>[.<filter>]` (server 2.9+); a consumer with
    /// neither a durable name nor a name is ephemeral and gets a name from the server.
    @discardableResult
    public func createConsumer(stream: String, config: ConsumerConfig) async throws -> ConsumerInfo {
        try await upsertConsumer(stream: stream, config: config, action: "create")
    }

    /// Changes an existing consumer; fails with ``JetStreamErrorCode/consumerDoesNotExist`` when there is none.
    @discardableResult
    public func updateConsumer(stream: String, config: ConsumerConfig) async throws -> ConsumerInfo {
        try await upsertConsumer(stream: stream, config: config, action: "update")
    }

    /// Creates a consumer, or updates it when it exists.
    @discardableResult
    public func createOrUpdateConsumer(stream: String, config: ConsumerConfig) async throws -> ConsumerInfo {
        try await upsertConsumer(stream: stream, config: config, action: nil)
    }

    private func upsertConsumer(stream: String, config: ConsumerConfig, action: String?) async throws(JetStreamError) -> ConsumerInfo {
        try NameValidation.validateStream(stream)
        if let durable = config.durableName, let name = config.name, durable != name {
            throw JetStreamError(.invalidArgument, "durable name \(durable) and name \(name) differ")
        }
        let body = ConsumerCreateRequest(streamName: stream, config: config, action: action)
        guard let name = config.resolvedName else {
            return try await request("CONSUMER.CREATE.\(stream)", json: body, as: ConsumerInfo.self)
        }
        try NameValidation.validateConsumer(name)
        var api = "CONSUMER.CREATE.\(stream).\(name)"
        // The filter in the subject lets servers check permissions per filter; only one filter fits.
        // Only a filter without wildcards fits in a subject one can publish to.
        if let filter = config.filterSubject, !filter.isEmpty, config.filterSubjects.isEmpty,
            !filter.contains("*"), !filter.contains(">")
        {
            api += ".\(filter)"
        }
        return try await request(api, json: body, as: ConsumerInfo.self)
    }

    /// A consumer's configuration and progress (`CONSUMER.INFO`).
    /// - Throws: ``JetStreamErrorCode/consumerNotFound`` when there is no such consumer.
    public func consumerInfo(stream: String, name: String) async throws -> ConsumerInfo {
        try NameValidation.validateStream(stream)
        try NameValidation.validateConsumer(name)
        return try await request("CONSUMER.INFO.\(stream).\(name)", as: ConsumerInfo.self)
    }

    /// Deletes a consumer (`CONSUMER.DELETE`).
    public func deleteConsumer(stream: String, name: String) async throws {
        try NameValidation.validateStream(stream)
        try NameValidation.validateConsumer(name)
        let response = try await request("CONSUMER.DELETE.\(stream).\(name)", as: SuccessResponse.self)
        guard response.success else { throw JetStreamError(.invalidResponse, "the server did not delete consumer \(name)") }
    }

    /// The names of a stream's consumers (`CONSUMER.NAMES`, every page).
    public func consumerNames(stream: String) async throws -> [String] {
        try NameValidation.validateStream(stream)
        var names: [String] = []
        while true {
            let page = try await request(
                "CONSUMER.NAMES.\(stream)",
                json: ListRequest(offset: names.count),
                as: ConsumerNamesResponse.self
            )
            let consumers = page.consumers ?? []
            names += consumers
            if consumers.isEmpty || names.count >= page.total { return names }
        }
    }

    /// Every consumer of a stream with its configuration and progress (`CONSUMER.LIST`, every page).
    public func consumers(stream: String) async throws -> [ConsumerInfo] {
        try NameValidation.validateStream(stream)
        var infos: [ConsumerInfo] = []
        while true {
            let page = try await request(
                "CONSUMER.LIST.\(stream)",
                json: ListRequest(offset: infos.count),
                as: ConsumerListResponse.self
            )
            let consumers = page.consumers ?? []
            infos += consumers
            if consumers.isEmpty || infos.count >= page.total { return infos }
        }
    }

    /// Pauses a consumer until `date` (`CONSUMER.PAUSE`, server 2.11+): it delivers nothing until then.
    /// - Returns: Whether it is paused, and until when.
    @discardableResult
    public func pauseConsumer(stream: String, name: String, until date: Date) async throws -> (paused: Bool, until: Date?) {
        try NameValidation.validateStream(stream)
        try NameValidation.validateConsumer(name)
        let response = try await request(
            "CONSUMER.PAUSE.\(stream).\(name)",
            json: ConsumerPauseRequest(pauseUntil: date),
            as: ConsumerPauseResponse.self
        )
        return (response.paused, response.pauseUntil)
    }

    /// Resumes a paused consumer (`CONSUMER.PAUSE` without a time).
    public func resumeConsumer(stream: String, name: String) async throws {
        try NameValidation.validateStream(stream)
        try NameValidation.validateConsumer(name)
        _ = try await request("CONSUMER.PAUSE.\(stream).\(name)", json: ConsumerPauseRequest(), as: ConsumerPauseResponse.self)
    }

    /// A handle on an existing pull consumer; checks that it exists.
    public func pullConsumer(stream: String, name: String) async throws -> PullConsumer {
        let info = try await consumerInfo(stream: stream, name: name)
        return PullConsumer(context: self, stream: stream, name: info.name)
    }

    /// Creates (or updates) a pull consumer and returns a handle on it.
    public func createPullConsumer(stream: String, config: ConsumerConfig) async throws -> PullConsumer {
        let info = try await createOrUpdateConsumer(stream: stream, config: config)
        return PullConsumer(context: self, stream: stream, name: info.name)
    }
}
