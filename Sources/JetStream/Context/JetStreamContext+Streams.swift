import NATS
import NIOCore

extension JetStreamContext {
    /// Creates a stream (`STREAM.CREATE`).
    ///
    /// Creating a stream that exists with the same configuration succeeds; with a different one it throws
    /// ``JetStreamErrorCode/streamNameInUse``.
    @discardableResult
    public func createStream(_ config: StreamConfig) async throws -> StreamInfo {
        try NameValidation.validateStream(config.name)
        return try await request("STREAM.CREATE.\(config.name)", json: config, as: StreamInfo.self)
    }

    /// Changes a stream's configuration (`STREAM.UPDATE`).
    @discardableResult
    public func updateStream(_ config: StreamConfig) async throws -> StreamInfo {
        try NameValidation.validateStream(config.name)
        return try await request("STREAM.UPDATE.\(config.name)", json: config, as: StreamInfo.self)
    }

    /// Creates a stream, or updates it when it exists with another configuration.
    @discardableResult
    public func createOrUpdateStream(_ config: StreamConfig) async throws -> StreamInfo {
        do {
            return try await createStream(config)
        } catch let error as JetStreamError where error.errorCode == .streamNameInUse {
            return try await updateStream(config)
        }
    }

    /// A stream's configuration and state (`STREAM.INFO`).
    /// - Parameters:
    ///   - name: The stream.
    ///   - subjectsFilter: Also count messages per subject matching this filter (in ``StreamState/subjects``).
    ///   - deletedDetails: Also list deleted sequences.
    /// - Throws: ``JetStreamErrorCode/streamNotFound`` when there is no such stream.
    public func streamInfo(_ name: String, subjectsFilter: String? = nil, deletedDetails: Bool = false) async throws -> StreamInfo {
        try NameValidation.validateStream(name)
        if subjectsFilter == nil && !deletedDetails {
            return try await request("STREAM.INFO.\(name)", as: StreamInfo.self)
        }
        let body = StreamInfoRequest(subjectsFilter: subjectsFilter, deletedDetails: deletedDetails ? true : nil)
        return try await request("STREAM.INFO.\(name)", json: body, as: StreamInfo.self)
    }

    /// Deletes a stream and all its messages and consumers (`STREAM.DELETE`).
    public func deleteStream(_ name: String) async throws {
        try NameValidation.validateStream(name)
        let response = try await request("STREAM.DELETE.\(name)", as: SuccessResponse.self)
        guard response.success else { throw JetStreamError(.invalidResponse, "the server did not delete stream \(name)") }
    }

    /// Removes messages from a stream (`STREAM.PURGE`): all of them, or those on `subject`, or those below
    /// `upToSequence`, or all but the newest `keep`.
    /// - Returns: How many messages were removed.
    @discardableResult
    public func purgeStream(_ name: String, subject: String? = nil, upToSequence: UInt64? = nil, keep: UInt64? = nil) async throws -> UInt64 {
        try NameValidation.validateStream(name)
        let body = StreamPurgeRequest(filter: subject, sequence: upToSequence, keep: keep)
        let response =
            body.isEmpty
            ? try await request("STREAM.PURGE.\(name)", as: StreamPurgeResponse.self)
            : try await request("STREAM.PURGE.\(name)", json: body, as: StreamPurgeResponse.self)
        return response.purged
    }

    /// The names of all streams, or of those storing `subject` (`STREAM.NAMES`, every page).
    public func streamNames(subject: String? = nil) async throws -> [String] {
        var names: [String] = []
        while true {
            let page = try await request(
                "STREAM.NAMES",
                json: ListRequest(offset: names.count, subject: subject),
                as: StreamNamesResponse.self
            )
            let streams = page.streams ?? []
            names += streams
            if streams.isEmpty || names.count >= page.total { return names }
        }
    }

    /// Every stream's configuration and state, or those storing `subject` (`STREAM.LIST`, every page).
    public func streams(subject: String? = nil) async throws -> [StreamInfo] {
        var infos: [StreamInfo] = []
        while true {
            let page = try await request(
                "STREAM.LIST",
                json: ListRequest(offset: infos.count, subject: subject),
                as: StreamListResponse.self
            )
            let streams = page.streams ?? []
            infos += streams
            if streams.isEmpty || infos.count >= page.total { return infos }
        }
    }

    /// The message at `sequence` (`STREAM.MSG.GET`).
    /// - Throws: ``JetStreamErrorCode/noMessageFound`` when there is none.
    public func getMessage(stream: String, sequence: UInt64) async throws -> StoredMessage {
        try await getMessage(stream: stream, MessageGetRequest(sequence: sequence))
    }

    /// The last message on `subject` (`STREAM.MSG.GET` with `last_by_subj`).
    /// - Throws: ``JetStreamErrorCode/noMessageFound`` when there is none.
    public func getLastMessage(stream: String, subject: String) async throws -> StoredMessage {
        try await getMessage(stream: stream, MessageGetRequest(lastBySubject: subject))
    }

    /// The first message on `subject` at or after `sequence` (`STREAM.MSG.GET` with `seq` and `next_by_subj`), or
    /// `nil` when there is none: for reading a stream in order without a consumer.
    public func getNextMessage(stream: String, subject: String, from sequence: UInt64) async throws -> StoredMessage? {
        do {
            return try await getMessage(stream: stream, MessageGetRequest(sequence: sequence, nextBySubject: subject))
        } catch  where error.errorCode == .noMessageFound {
            return nil
        }
    }

    func getMessage(stream: String, _ body: MessageGetRequest) async throws(JetStreamError) -> StoredMessage {
        try NameValidation.validateStream(stream)
        let response = try await request("STREAM.MSG.GET.\(stream)", json: body, as: MessageGetResponse.self)
        return try StoredMessage(json: response.message)
    }

    /// The last message on `subject` through the direct get API (`DIRECT.GET`), served by any replica of a
    /// stream with ``StreamConfig/allowDirect``. `nil` when there is none.
    func directGetLast(stream: String, subject: String) async throws(JetStreamError) -> StoredMessage? {
        let reply = try await rawRequest("DIRECT.GET.\(stream).\(subject)")
        return try Self.storedMessage(fromDirectGet: reply)
    }

    /// The message at `sequence` through the direct get API. `nil` when there is none.
    func directGet(stream: String, sequence: UInt64) async throws(JetStreamError) -> StoredMessage? {
        let reply = try await rawRequest("DIRECT.GET.\(stream)", body: try JetStreamJSON.encode(MessageGetRequest(sequence: sequence)))
        return try Self.storedMessage(fromDirectGet: reply)
    }

    private static func storedMessage(fromDirectGet reply: NATSMessage) throws(JetStreamError) -> StoredMessage? {
        switch reply.status {
        case nil:
            return try StoredMessage(directGetReply: reply)
        case 404:
            return nil
        case let code?:
            throw JetStreamError(
                .api,
                "direct get failed: \(code) \(reply.statusDescription ?? "")",
                apiError: JetStreamAPIError(code: code, errorCode: JetStreamErrorCode(rawValue: 0), description: reply.statusDescription ?? "")
            )
        }
    }

    /// Deletes one message (`STREAM.MSG.DELETE`); `erase` overwrites its bytes on disk.
    public func deleteMessage(stream: String, sequence: UInt64, erase: Bool = false) async throws {
        try NameValidation.validateStream(stream)
        let body = MessageDeleteRequest(sequence: sequence, noErase: erase ? nil : true)
        let response = try await request("STREAM.MSG.DELETE.\(stream)", json: body, as: SuccessResponse.self)
        guard response.success else { throw JetStreamError(.invalidResponse, "the server did not delete message \(sequence)") }
    }
}
