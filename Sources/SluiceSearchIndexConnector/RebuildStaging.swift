import FoundationEssentials

/// Where an index rebuilt from stored documents is written before it is put in place (`<path>.rebuilding`), and how
/// many documents go to it in one batch: the rebuild of an FTS5 index (``FTS5Rebuild``) and of a segment index for new
/// fields (``SegmentReindex``).
enum RebuildStaging {
    /// Documents per batch written to the index being built.
    static let batchSize = 2000

    /// The staging directory of an index that goes to `path`.
    static func path(for path: String) -> String { path + ".rebuilding" }

    /// The staging directory of an index that goes to `path`, emptied of what an interrupted rebuild left there.
    static func fresh(for path: String) throws -> String {
        let staging = Self.path(for: path)
        if FileManager.default.fileExists(atPath: staging) { try FileManager.default.removeItem(atPath: staging) }
        return staging
    }
}
