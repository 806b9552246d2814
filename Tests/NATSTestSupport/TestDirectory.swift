import Foundation

/// Temporary directories for test servers, one per server or cluster, under the system temp dir.
public enum TestDirectory {
    /// Creates a new, empty directory `…/sluice-tests/<prefix>-<random>` and returns its path.
    public static func make(prefix: String) throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-tests", isDirectory: true)
        let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        let path = base.appendingPathComponent(name, isDirectory: true).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes a directory made by ``make(prefix:)``; errors are ignored.
    public static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
