/// What a search reads: the segments of one shard as of one commit, with the documents superseded by then. Never
/// changes once made; writers publish a new one.
struct ShardSnapshot: Sendable {
    struct Segment: Sendable {
        let reader: SegmentReader
        /// Documents replaced or deleted by a later change.
        let superseded: Bitmap
    }

    var segments: [Segment]
    var fields: [IndexField]
    /// Live documents (not superseded, not deletions).
    var liveDocuments: Int
    /// The tokens of the live documents, all fields together.
    var liveTokens: UInt64
}

/// Where the current version of a document id lives.
struct DocumentLocation: Sendable {
    var segment: Int32
    var doc: UInt32
    var version: Int64
    var deletion: Bool
}
