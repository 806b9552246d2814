import FoundationEssentials

/// Response bodies of the `$JS.API.*` calls that are not public types.

/// `STREAM.DELETE`, `CONSUMER.DELETE`, `STREAM.MSG.DELETE`.
struct SuccessResponse: Decodable {
    var success: Bool
}

/// `STREAM.PURGE`.
struct StreamPurgeResponse: Decodable {
    var success: Bool
    var purged: UInt64
}

/// `STREAM.NAMES`.
struct StreamNamesResponse: Decodable {
    var total: Int
    var offset: Int
    var limit: Int
    var streams: [String]?
}

/// `STREAM.LIST`.
struct StreamListResponse: Decodable {
    var total: Int
    var offset: Int
    var limit: Int
    var streams: [StreamInfo]?
}

/// `CONSUMER.NAMES`.
struct ConsumerNamesResponse: Decodable {
    var total: Int
    var offset: Int
    var limit: Int
    var consumers: [String]?
}

/// `CONSUMER.LIST`.
struct ConsumerListResponse: Decodable {
    var total: Int
    var offset: Int
    var limit: Int
    var consumers: [ConsumerInfo]?
}

/// `STREAM.MSG.GET`.
struct MessageGetResponse: Decodable {
    var message: StoredMessageJSON
}

/// The `message` object of `STREAM.MSG.GET`, with base64 headers and data.
struct StoredMessageJSON: Decodable {
    var subject: String
    var seq: UInt64
    var hdrs: String?
    var data: String?
    var time: String?
}

/// `CONSUMER.PAUSE`.
struct ConsumerPauseResponse: Decodable {
    var paused: Bool
    var pauseUntil: Date?
    var pauseRemaining: Duration?

    enum CodingKeys: String, CodingKey {
        case paused
        case pauseUntil = "pause_until"
        case pauseRemaining = "pause_remaining"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        paused = try c.decode(Bool.self, forKey: .paused, default: false)
        pauseUntil = try c.decodeDateIfPresent(forKey: .pauseUntil)
        pauseRemaining = try c.decodeNanosecondsIfPresent(forKey: .pauseRemaining)
    }
}
