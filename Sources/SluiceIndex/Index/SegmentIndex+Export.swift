/// A document as a segment index keeps it, for copying the index into another: a delete has no source and keeps
/// its version, so an older change arriving later stays ignored.
public struct StoredEntry: Sendable, Hashable {
    /// The document id.
    public let id: String
    /// The version it was written or deleted at.
    public let version: Int64
    /// The stored source; `nil` for a delete.
    public let source: [UInt8]?
}

extension SegmentIndex {
    /// Hands the newest entry of every id the index keeps (documents and deletes) to `body`, in pages of up to
    /// `pageSize`, shard after shard, each shard from one snapshot: changes written meanwhile may or may not be seen.
    /// - Throws: ``IndexError/Code/invalidArgument`` for a page size below 1; ``IndexError/Code/corrupt`` when a
    ///   segment turns out damaged; whatever `body` throws.
    public func forEachStoredPage(pageSize: Int = 1000, _ body: ([StoredEntry]) async throws -> Void) async throws {
        guard pageSize >= 1 else { throw IndexError(.invalidArgument, "the page size must be at least 1, not \(pageSize)") }
        var page: [StoredEntry] = []
        var scratch: [UInt8] = []
        for shard in shards {
            for segment in shard.snapshot.segments {
                let reader = segment.reader
                // Block by block, so each block of stored documents is decompressed once for all its documents.
                for number in 0..<reader.stored.blockCount {
                    try reader.stored.forEachDocument(of: try reader.stored.block(number), scratch: &scratch) { doc, source in
                        guard !segment.superseded.contains(doc) else { return }
                        let entry = reader.entry(doc)
                        page.append(StoredEntry(id: entry.id, version: entry.version, source: entry.deletion ? nil : Array(source)))
                    }
                    while page.count >= pageSize {
                        try await body(Array(page.prefix(pageSize)))
                        page.removeFirst(pageSize)
                    }
                }
            }
        }
        if !page.isEmpty { try await body(page) }
    }
}
