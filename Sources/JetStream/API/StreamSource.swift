import FoundationEssentials

/// A stream that another stream mirrors or sources from (`mirror`, `sources`).
///
/// Replication across clouds is a stream sourcing from a stream in another domain or account,
/// reached through ``external``.
public struct StreamSource: Sendable, Hashable, Codable {
    /// The name of the stream to copy from.
    public var name: String
    /// Start at this stream sequence (`opt_start_seq`).
    public var startSequence: UInt64?
    /// Start at the first message stored at or after this time (`opt_start_time`).
    public var startTime: Date?
    /// Copy only messages on these subjects (`filter_subject`).
    public var filterSubject: String?
    /// Copy only matching messages and map their subjects (`subject_transforms`).
    public var subjectTransforms: [SubjectTransform]
    /// How to reach a stream in another JetStream domain or account (`external`).
    public var external: ExternalStream?

    /// Creates a source.
    public init(
        name: String,
        startSequence: UInt64? = nil,
        startTime: Date? = nil,
        filterSubject: String? = nil,
        subjectTransforms: [SubjectTransform] = [],
        external: ExternalStream? = nil
    ) {
        self.name = name
        self.startSequence = startSequence
        self.startTime = startTime
        self.filterSubject = filterSubject
        self.subjectTransforms = subjectTransforms
        self.external = external
    }

    enum CodingKeys: String, CodingKey {
        case name
        case startSequence = "opt_start_seq"
        case startTime = "opt_start_time"
        case filterSubject = "filter_subject"
        case subjectTransforms = "subject_transforms"
        case external
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        startSequence = try c.decodeIfPresent(UInt64.self, forKey: .startSequence)
        startTime = try c.decodeDateIfPresent(forKey: .startTime)
        filterSubject = try c.decodeIfPresent(String.self, forKey: .filterSubject)
        subjectTransforms = try c.decode([SubjectTransform].self, forKey: .subjectTransforms, default: [])
        external = try c.decodeIfPresent(ExternalStream.self, forKey: .external)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        if let startSequence, startSequence != 0 { try c.encode(startSequence, forKey: .startSequence) }
        try c.encodeDateIfPresent(startTime, forKey: .startTime)
        try c.encodeIfNotEmpty(filterSubject, forKey: .filterSubject)
        try c.encodeIfNotEmpty(subjectTransforms, forKey: .subjectTransforms)
        try c.encodeIfPresent(external, forKey: .external)
    }
}

/// The API and delivery prefixes that reach a stream in another domain or account (`external`).
public struct ExternalStream: Sendable, Hashable, Codable {
    /// The JetStream API prefix (`api`), such as `$JS.hub.API` for the domain `hub`.
    public var apiPrefix: String
    /// The prefix for delivery subjects (`deliver`); may be empty.
    public var deliverPrefix: String

    /// Creates an external reference.
    public init(apiPrefix: String, deliverPrefix: String = "") {
        self.apiPrefix = apiPrefix
        self.deliverPrefix = deliverPrefix
    }

    /// The reference for a stream in the JetStream domain `domain`.
    public static func domain(_ domain: String) -> ExternalStream {
        ExternalStream(apiPrefix: "$JS.\(domain).API")
    }

    enum CodingKeys: String, CodingKey {
        case apiPrefix = "api"
        case deliverPrefix = "deliver"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiPrefix = try c.decode(String.self, forKey: .apiPrefix)
        deliverPrefix = try c.decode(String.self, forKey: .deliverPrefix, default: "")
    }
}
