extension Envelope: Codable {
    private enum CodingKeys: String, CodingKey {
        case eventID = "event_id"
        case schemaVersion = "schema_version"
        case producer
        case resourceType = "resource_type"
        case resourceID = "resource_id"
        case eventType = "event_type"
        case occurredAt = "occurred_at"
        case traceID = "trace_id"
        case version
        case payload
    }

    /// Decodes the envelope's fields by their wire names, with the same defaults as ``decode(_:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            eventID: try container.decode(String.self, forKey: .eventID),
            schemaVersion: try container.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 1,
            producer: try container.decode(String.self, forKey: .producer),
            resourceType: try container.decode(String.self, forKey: .resourceType),
            resourceID: try container.decode(String.self, forKey: .resourceID),
            eventType: try container.decode(String.self, forKey: .eventType),
            occurredAt: try container.decode(String.self, forKey: .occurredAt),
            traceID: try container.decodeIfPresent(String.self, forKey: .traceID),
            version: try container.decodeIfPresent(Int64.self, forKey: .version) ?? 0,
            payload: try container.decodeIfPresent(JSONValue.self, forKey: .payload) ?? .object(JSONObject())
        )
    }

    /// Encodes the envelope's fields by their wire names, `trace_id` left out when `nil`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventID, forKey: .eventID)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(producer, forKey: .producer)
        try container.encode(resourceType, forKey: .resourceType)
        try container.encode(resourceID, forKey: .resourceID)
        try container.encode(eventType, forKey: .eventType)
        try container.encode(occurredAt, forKey: .occurredAt)
        try container.encodeIfPresent(traceID, forKey: .traceID)
        try container.encode(version, forKey: .version)
        try container.encode(payload, forKey: .payload)
    }
}
