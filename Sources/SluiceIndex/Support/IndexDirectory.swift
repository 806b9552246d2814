/// Operations on a whole index directory, for whoever builds an index somewhere first and puts it in place after.
public enum IndexDirectory {
    /// Renames the directory `source` to `destination`, which must not exist, and syncs both directories that hold
    /// them, so that after a crash the index is at one name or the other.
    /// - Throws: ``IndexError/Code/io`` when the rename or a sync fails.
    public static func move(_ source: String, to destination: String) throws {
        try Files.syncDirectory(source)
        try Files.rename(source, to: destination)
        let from = Files.parent(of: source)
        let to = Files.parent(of: destination)
        try Files.syncDirectory(to)
        if from != to { try Files.syncDirectory(from) }
    }
}
