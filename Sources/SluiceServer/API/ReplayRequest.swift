/// The body of `POST /dlq/replay`: either every dead letter of one pipeline or the listed ids.
///
/// ```json
/// {"pipeline": "orders"}
/// {"ids": ["01J…", "01J…"]}
/// ```
public struct ReplayRequest: Sendable, Codable, Equatable {
    /// Replay every dead letter of this pipeline.
    public var pipeline: String?
    /// Replay these dead letters.
    public var ids: [String]?

    public init(pipeline: String? = nil, ids: [String]? = nil) {
        self.pipeline = pipeline
        self.ids = ids
    }

    /// Why this request cannot be carried out, or `nil` when it names exactly one non-empty selection.
    public var problem: String? {
        switch (pipeline, ids) {
        case (nil, nil): return "give either \"pipeline\" or \"ids\""
        case (.some, .some): return "give either \"pipeline\" or \"ids\", not both"
        case (.some(let name), nil) where name.isEmpty: return "\"pipeline\" is empty"
        case (nil, .some(let ids)) where ids.isEmpty: return "\"ids\" is empty"
        case (nil, .some(let ids)) where ids.contains(where: \.isEmpty): return "\"ids\" contains an empty id"
        default: return nil
        }
    }
}
