/// One change to a segment index: a document written at a version, or a document deleted at a version.
public enum IndexChange: Sendable, Hashable {
    /// Stores `document` unless the index holds its id at this version or a newer one.
    case upsert(IndexDocument)
    /// Deletes document `id` unless the index holds it at this version or a newer one; the version is kept, so an
    /// older upsert arriving later stays ignored.
    case delete(id: String, version: Int64)

    /// The document id.
    public var id: String {
        switch self {
        case .upsert(let document): document.id
        case .delete(let id, _): id
        }
    }

    /// The version.
    public var version: Int64 {
        switch self {
        case .upsert(let document): document.version
        case .delete(_, let version): version
        }
    }
}

/// A document as the segment index takes it: id, version, the text of each searchable field and the stored source.
public struct IndexDocument: Sendable, Hashable {
    /// The document id (at most a few hundred bytes).
    public var id: String
    /// The version; a write with a lower or equal version than the stored one is ignored.
    public var version: Int64
    /// The text of each field of the index, in the index's field order; `nil` for a missing value.
    public var fields: [String?]
    /// The document as stored and returned by searches (for Sluice, its JSON).
    public var source: [UInt8]

    /// Creates a document.
    public init(id: String, version: Int64, fields: [String?], source: [UInt8]) {
        self.id = id
        self.version = version
        self.fields = fields
        self.source = source
    }
}

/// What ``SegmentIndex/apply(_:)`` did with one change.
public enum IndexChangeOutcome: Sendable, Hashable {
    /// The document is stored (or deleted) at the change's version.
    case applied
    /// Nothing changed: the index holds this id at this version or a newer one, or a newer change for the same id
    /// came in the same batch.
    case stale
}
