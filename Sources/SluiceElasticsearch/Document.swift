import SluiceCore

/// A stored document as `GET /{index}/_doc/{id}` returns it.
public struct Document: Sendable, Hashable {
    /// The index holding it.
    public var index: String
    /// Its id.
    public var id: String
    /// `_version`: with `version_type=external`, the version the writer gave.
    public var version: Int64?
    /// `_seq_no`: the position of its last change in the shard's history.
    public var seqNo: Int64?
    /// `_primary_term`.
    public var primaryTerm: Int64?
    /// `_source`, or `nil` when the source is disabled or filtered out.
    public var source: JSONValue?

    /// Creates a document.
    public init(index: String, id: String, version: Int64? = nil, seqNo: Int64? = nil, primaryTerm: Int64? = nil, source: JSONValue? = nil) {
        self.index = index
        self.id = id
        self.version = version
        self.seqNo = seqNo
        self.primaryTerm = primaryTerm
        self.source = source
    }
}
