/// Include and exclude lists of subject patterns, as a gateway uses them (the Elasticsearch sync gateway passing `es.iconik.assets`,
/// stop `es.iconik.logs`).
///
/// A subject is selected when it matches some ``include`` pattern (or ``include`` is empty) and no ``exclude``
/// pattern: exclusions win.
///
/// Configuration shape (both keys optional):
/// ```yaml
/// include: [es.iconik.>]
/// exclude: [es.iconik.logs, es.iconik.temp]
/// ```
public struct SubjectSelector: Sendable, Hashable, Codable {
    /// Patterns of subjects to select; empty selects every subject not excluded.
    public var include: [SubjectPattern]
    /// Patterns of subjects to leave out, even when included.
    public var exclude: [SubjectPattern]

    /// Creates a selector; with no arguments it selects everything.
    public init(include: [SubjectPattern] = [], exclude: [SubjectPattern] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// Whether `subject` is selected.
    public func matches(_ subject: String) -> Bool {
        (include.isEmpty || include.contains { $0.matches(subject) }) && !exclude.contains { $0.matches(subject) }
    }

    private enum CodingKeys: String, CodingKey {
        case include, exclude
    }

    /// Decodes `include` and `exclude`, each defaulting to an empty list.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        include = try container.decodeIfPresent([SubjectPattern].self, forKey: .include) ?? []
        exclude = try container.decodeIfPresent([SubjectPattern].self, forKey: .exclude) ?? []
    }
}
