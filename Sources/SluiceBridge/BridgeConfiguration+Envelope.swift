import SluiceCore

extension BridgeConfiguration {
    /// A new event from this application: a fresh ULID `event_id`, `schema_version` 1, `producer` = ``appName``,
    /// `occurred_at` now.
    public func makeEnvelope(
        resourceType: String,
        resourceID: String,
        eventType: String,
        payload: JSONValue,
        traceID: String? = nil
    ) -> Envelope {
        Envelope(
            producer: appName,
            resourceType: resourceType,
            resourceID: resourceID,
            eventType: eventType,
            traceID: traceID,
            payload: payload
        )
    }
}
