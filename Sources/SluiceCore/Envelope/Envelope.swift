import FoundationEssentials

/// The event envelope: the unit on the wire, one JSON object per event.
///
/// On the wire it is a JSON object with the fields, in this order, `event_id`, `schema_version`, `producer`,
/// `resource_type`, `resource_id`, `event_type`, `occurred_at`, `trace_id` (left out when `nil`), `version` and
/// `payload`. Use ``encoded()`` and ``decode(_:)``, a codec written for this shape, on the hot path; the `Codable`
/// conformance uses the same field names for other formats.
public struct Envelope: Sendable, Hashable {
    /// `event_id`: a ``ULID`` as text; also the `Nats-Msg-Id` header, so JetStream drops duplicate publishes.
    public var eventID: String
    /// `schema_version`: the version of the envelope's shape. Defaults to `1`.
    public var schemaVersion: Int
    /// `producer`: the system that emitted the change, such as `gcp-es`.
    public var producer: String
    /// `resource_type`: the kind of resource, such as `assets` or `user`.
    public var resourceType: String
    /// `resource_id`: the resource's identifier within its type.
    public var resourceID: String
    /// `event_type`: `created`, `updated`, `deleted`, …; see ``operation``.
    public var eventType: String
    /// `occurred_at`: RFC 3339 UTC text, kept exactly as received.
    public var occurredAt: String
    /// `trace_id`: an optional trace identifier (the W3C `traceparent` travels as a NATS header).
    public var traceID: String?
    /// `version`: orders the changes of one resource (a source `_seq_no`, an outbox id, or a time in ms); sinks use
    /// it to stay idempotent. Defaults to `0`.
    public var version: Int64
    /// `payload`: the resource's data. Defaults to an empty object.
    public var payload: JSONValue

    /// Creates an envelope; the event id defaults to a new ``ULID`` and the time to now.
    public init(
        eventID: String = ULID.generate().description,
        schemaVersion: Int = 1,
        producer: String,
        resourceType: String,
        resourceID: String,
        eventType: String,
        occurredAt: String = RFC3339.format(Date()),
        traceID: String? = nil,
        version: Int64 = 0,
        payload: JSONValue = .object(JSONObject())
    ) {
        self.eventID = eventID
        self.schemaVersion = schemaVersion
        self.producer = producer
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.eventType = eventType
        self.occurredAt = occurredAt
        self.traceID = traceID
        self.version = version
        self.payload = payload
    }

    /// What the change does in a sink, derived from ``eventType`` (see ``Operation/init(eventType:)``).
    public var operation: Operation { Operation(eventType: eventType) }
}
