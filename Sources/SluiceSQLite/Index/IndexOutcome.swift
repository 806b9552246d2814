/// What ``SearchIndex/apply(_:to:)`` did with one envelope.
public enum IndexOutcome: Sendable, Hashable {
    /// The document is stored at the envelope's version (created or replaced).
    case indexed
    /// The document is deleted; a tombstone keeps the envelope's version.
    case deleted
    /// Nothing changed: the index holds this version or a newer one, or a newer envelope for the same
    /// document came in the same batch. A replay ends here; acknowledge it like a success.
    case stale
    /// The envelope cannot be indexed (no id, a payload that is not an object); retrying will not help,
    /// so it belongs in the dead letters with `reason`.
    case rejected(reason: String)
}
