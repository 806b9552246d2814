import FoundationEssentials
import Synchronization

/// Pool changes made at run time (through the platform API), kept in a JSON file so that they outlive a restart.
///
/// Each change is stored with the configuration file's entry for its pool as it was when the change was made (its
/// base; none for a pool the file did not have). Whenever the file's pools are read (on start, on SIGHUP),
/// ``resolve(_:)`` applies each change over its pool while the file's entry is still its base: a change holds until
/// someone edits that pool in the file, and then the file wins and the change is forgotten. A change to a pool the
/// file had and no longer has is forgotten too.
///
/// The file is written whole (to a temporary file, then renamed) on every change.
public final class PoolOverrides: Sendable {
    /// One stored change.
    struct Change: Codable, Hashable, Sendable {
        var configuration: PoolConfiguration
        var base: PoolConfiguration?
    }

    private struct Stored: Codable {
        var pools: [Change]
    }

    /// The file.
    public let path: String
    private let changes: Mutex<[String: Change]>

    private init(path: String, changes: [String: Change]) {
        self.path = path
        self.changes = Mutex(changes)
    }

    /// Reads the changes stored at `path`; a missing file holds none.
    /// - Throws: ``PoolOverridesError`` naming the file when it cannot be read or is not such a file.
    public static func open(path: String) throws -> PoolOverrides {
        guard FileManager.default.fileExists(atPath: path) else { return PoolOverrides(path: path, changes: [:]) }
        do {
            let stored = try JSONDecoder().decode(Stored.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
            return PoolOverrides(path: path, changes: Dictionary(stored.pools.map { ($0.configuration.code, $0) }) { _, last in last })
        } catch {
            throw PoolOverridesError("\(path): not a file of pool changes: \(error)")
        }
    }

    /// Stores a change of pool `configuration.code`, made over `base`, the file's entry for it (`nil` when the
    /// file has none). Returns once it is on disk.
    public func record(_ configuration: PoolConfiguration, base: PoolConfiguration?) throws {
        try changes.withLock { changes in
            var changed = changes
            changed[configuration.code] = Change(configuration: configuration, base: base)
            try Self.write(changed, to: path)
            changes = changed
        }
    }

    /// The pools to run, given the configuration file's pools: each with its stored change while the file's entry
    /// is that change's base, then the pools only changes created. Changes whose base is gone are forgotten (and
    /// the file rewritten).
    public func resolve(_ filePools: [PoolConfiguration]) throws -> [PoolConfiguration] {
        try changes.withLock { changes in
            let file = Dictionary(filePools.map { ($0.code, $0) }) { _, last in last }
            let kept = changes.filter { code, change in change.base == file[code] }
            if kept != changes {
                try Self.write(kept, to: path)
                changes = kept
            }
            let fromFile = filePools.map { kept[$0.code]?.configuration ?? $0 }
            let created = kept.values.filter { file[$0.configuration.code] == nil }.map(\.configuration).sorted { $0.code < $1.code }
            return fromFile + created
        }
    }

    private static func write(_ changes: [String: Change], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Stored(pools: changes.values.sorted { $0.configuration.code < $1.configuration.code }))
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw PoolOverridesError("\(path): cannot write the pool changes: \(error)")
        }
    }
}

/// A file of pool changes that cannot be read or written.
public struct PoolOverridesError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, naming the file.
    public var description: String

    init(_ description: String) { self.description = description }
}
