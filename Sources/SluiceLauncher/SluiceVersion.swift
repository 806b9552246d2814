/// The version every Sluice executable reports with `--version`.
public enum SluiceVersion {
    /// This build's version.
    public static let current = "0.1.0"
}
