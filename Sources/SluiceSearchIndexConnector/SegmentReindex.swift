import FoundationEssentials
import SluiceIndex

/// Rebuilds a segment index whose searchable fields changed, from the sources it stores: every document with the new
/// fields' text, every delete at its version. The new index is written beside the old one (`<name>.rebuilding`), then
/// put in its place by two renames (the old one goes to `<name>.replaced` and is removed after), so a crash at any
/// moment leaves the old index or the new one; ``recover(_:)`` finishes or undoes an interrupted swap.
enum SegmentReindex {
    /// Where the old index waits between the two renames of the swap.
    static func replaced(_ directory: String) -> String { directory + ".replaced" }

    /// Finishes a swap a crash interrupted: with the new index in place, the old one is removed; with neither, the
    /// old one goes back. A rebuild that did not reach the swap is thrown away by the next one.
    static func recover(_ directory: String) throws {
        let old = replaced(directory)
        guard FileManager.default.fileExists(atPath: old) else { return }
        if FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.removeItem(atPath: old)
        } else {
            try IndexDirectory.move(old, to: directory)
        }
    }

    /// Rebuilds `existing`, the index in `directory`, with `fields`; closes it and returns the new one, open, with how
    /// many entries (documents and deletes) were copied.
    static func run(
        _ existing: SegmentIndex,
        in directory: String,
        fields: [IndexField],
        configuration: SegmentIndex.Configuration
    ) async throws -> (index: SegmentIndex, entries: Int) {
        let staging = try RebuildStaging.fresh(for: directory)
        let name = String(directory.split(separator: "/").last ?? "")
        let paths = try SegmentDocument.paths(of: fields.map(\.name), index: name)
        var entries = 0
        do {
            let target = try SegmentIndex.open(directory: staging, fields: fields, configuration: configuration)
            defer { target.close() }
            try await existing.forEachStoredPage(pageSize: RebuildStaging.batchSize) { page in
                let changes = try page.map {
                    try SegmentDocument.restored(id: $0.id, version: $0.version, json: $0.source, fields: paths, index: name)
                }
                _ = try await target.apply(changes)
                entries += page.count
            }
            try target.commit()
        } catch {
            existing.close()
            throw error
        }
        existing.close()
        try IndexDirectory.move(directory, to: replaced(directory))
        try IndexDirectory.move(staging, to: directory)
        try FileManager.default.removeItem(atPath: replaced(directory))
        return (try SegmentIndex.open(directory: directory, fields: fields, configuration: configuration), entries)
    }
}
