/// The subjects of tuple changes and of the edges' control messages.
public enum ChangeSubjects {
    /// `rsfga.changes`.
    public static let defaultPrefix = "rsfga.changes"
    /// `rsfga.control`.
    public static let defaultControlPrefix = "rsfga.control"

    /// Whether `value` can be one token of a subject.
    public static func isToken(_ value: String) -> Bool {
        !value.isEmpty && !value.contains { $0 == "." || $0 == "*" || $0 == ">" || $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
    }
}
