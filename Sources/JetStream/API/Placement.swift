/// Where in a cluster a stream's replicas are placed (`placement`).
public struct Placement: Sendable, Hashable, Codable {
    /// The cluster to place the stream in; `nil` lets the server choose.
    public var cluster: String?
    /// Server tags every replica's server must carry.
    public var tags: [String]
    /// The server that should lead the stream, when possible (server 2.11+).
    public var preferred: String?

    /// Creates a placement.
    public init(cluster: String? = nil, tags: [String] = [], preferred: String? = nil) {
        self.cluster = cluster
        self.tags = tags
        self.preferred = preferred
    }

    enum CodingKeys: String, CodingKey { case cluster, tags, preferred }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cluster = try c.decodeIfPresent(String.self, forKey: .cluster)
        tags = try c.decode([String].self, forKey: .tags, default: [])
        preferred = try c.decodeIfPresent(String.self, forKey: .preferred)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfNotEmpty(cluster, forKey: .cluster)
        try c.encodeIfNotEmpty(tags, forKey: .tags)
        try c.encodeIfNotEmpty(preferred, forKey: .preferred)
    }
}
