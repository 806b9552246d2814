/// What a change does to its resource in a sink: index (create or replace), update, or delete.
public enum Operation: String, Sendable, Hashable, Codable, CaseIterable {
    /// Create or replace the whole resource.
    case index
    /// Change an existing resource.
    case update
    /// Remove the resource.
    case delete

    /// The operation for an envelope's `event_type`: `deleted` is ``delete``, `updated` is ``update``, anything else
    /// (`created`, `upserted`, …) is ``index``.
    public init(eventType: String) {
        switch eventType {
        case "deleted": self = .delete
        case "updated": self = .update
        default: self = .index
        }
    }
}
