import FoundationEssentials
import SluiceIndex
import SluiceSQLite

/// Rebuilds an index of the FTS5 engine as a segment index from the documents it stores: every index in the file,
/// with its fields and weights, every live document at its version, and every deleted one as a delete at its version
/// (so an older update arriving later stays ignored, as it would have in the FTS5 index).
///
/// The segment index is written to a staging directory beside `root` and renamed to `root` when complete, so a crash
/// during the rebuild leaves no index at `root`, and the next start rebuilds again from the start. The FTS5 files
/// are read, never changed.
enum FTS5Rebuild {
    /// What was rebuilt.
    struct Summary: Sendable, Equatable {
        /// The indexes, by name.
        var indexes: [String] = []
        /// Live documents copied.
        var documents = 0
        /// Deleted documents whose versions were kept.
        var deletes = 0
    }

    /// Rebuilds the FTS5 index at `file` (and its other shards beside it) into the new directory `root`.
    /// - Throws: ``SluiceIndex/IndexError`` with `.incompatible` when a stored document is not JSON or an index name
    ///   cannot be a directory; whatever opening, reading or writing throws.
    static func run(from file: String, into root: String, configuration: SegmentIndex.Configuration) async throws -> Summary {
        let staging = try RebuildStaging.fresh(for: root)
        let source = try await SearchIndex.open(path: file)
        var summary = Summary()
        do {
            for definition in source.indexes {
                try await copy(definition, from: source, into: staging, configuration: configuration, summary: &summary)
            }
            try await source.close()
        } catch {
            try? await source.close()
            throw error
        }
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try IndexDirectory.move(staging, to: root)
        return summary
    }

    private static func copy(
        _ definition: SearchIndexDefinition,
        from source: SearchIndex,
        into staging: String,
        configuration: SegmentIndex.Configuration,
        summary: inout Summary
    ) async throws {
        let name = definition.name
        guard name.utf8.allSatisfy(SegmentEmbeddedIndex.isNameByte) else {
            throw IndexError(.incompatible, "index '\(name)' of the FTS5 index cannot be a segment index: names are letters, digits, '-' and '_'")
        }
        let paths = try SegmentDocument.paths(of: definition.fields.map(\.path), index: name)
        let target = try SegmentIndex.open(
            directory: "\(staging)/\(name)",
            fields: definition.fields.map { IndexField($0.path, weight: $0.weight) },
            configuration: configuration
        )
        defer { target.close() }
        try await source.forEachStoredPage(index: name, pageSize: RebuildStaging.batchSize) { page in
            let changes = try page.map {
                try SegmentDocument.restored(id: $0.id, version: $0.version, json: $0.body?.utf8, fields: paths, index: name)
            }
            let deletes = page.count { $0.body == nil }
            summary.deletes += deletes
            summary.documents += page.count - deletes
            _ = try await target.apply(changes)
        }
        summary.indexes.append(name)
    }
}
