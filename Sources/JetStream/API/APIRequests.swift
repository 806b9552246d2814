import FoundationEssentials

/// Request bodies of the `$JS.API.*` calls; internal, built by ``JetStreamContext``.

/// `STREAM.INFO`: ask for per-subject counts or deleted sequences.
struct StreamInfoRequest: Encodable {
    var subjectsFilter: String?
    var deletedDetails: Bool?
    var offset: Int?

    enum CodingKeys: String, CodingKey {
        case subjectsFilter = "subjects_filter"
        case deletedDetails = "deleted_details"
        case offset
    }
}

/// `STREAM.PURGE`: what to remove.
struct StreamPurgeRequest: Encodable {
    var filter: String?
    var sequence: UInt64?
    var keep: UInt64?

    enum CodingKeys: String, CodingKey {
        case filter
        case sequence = "seq"
        case keep
    }

    var isEmpty: Bool { filter == nil && sequence == nil && keep == nil }
}

/// `STREAM.LIST`, `STREAM.NAMES`, `CONSUMER.LIST`, `CONSUMER.NAMES`: one page.
struct ListRequest: Encodable {
    var offset: Int
    var subject: String?
}

/// `STREAM.MSG.GET` and `DIRECT.GET`: which message.
struct MessageGetRequest: Encodable {
    var sequence: UInt64?
    var lastBySubject: String?
    var nextBySubject: String?

    enum CodingKeys: String, CodingKey {
        case sequence = "seq"
        case lastBySubject = "last_by_subj"
        case nextBySubject = "next_by_subj"
    }
}

/// `STREAM.MSG.DELETE`: which message, and whether to overwrite its bytes.
struct MessageDeleteRequest: Encodable {
    var sequence: UInt64
    var noErase: Bool?

    enum CodingKeys: String, CodingKey {
        case sequence = "seq"
        case noErase = "no_erase"
    }
}

/// `CONSUMER.CREATE`: the configuration and whether it must be new or must exist.
struct ConsumerCreateRequest: Encodable {
    var streamName: String
    var config: ConsumerConfig
    /// `"create"`, `"update"`, or omitted for create-or-update.
    var action: String?

    enum CodingKeys: String, CodingKey {
        case streamName = "stream_name"
        case config, action
    }
}

/// `CONSUMER.PAUSE`: until when; omitted resumes.
struct ConsumerPauseRequest: Encodable {
    var pauseUntil: Date?

    enum CodingKeys: String, CodingKey { case pauseUntil = "pause_until" }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeDateIfPresent(pauseUntil, forKey: .pauseUntil)
    }
}
