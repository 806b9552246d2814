/// One step of a pipeline: a ``Filter`` or a ``Transform``.
///
/// In configuration a step is a one-key object; the key says which: `subjects`, `operations`, `where` are filters,
/// `set`, `rename`, `copy`, `drop`, `lowercase`, `trim`, `timestamp`, `validate` are transforms.
public enum PipelineStep: Sendable, Hashable {
    /// A filter.
    case filter(Filter)
    /// A transform.
    case transform(Transform)
}

extension PipelineStep: Codable {
    /// Decodes a one-key object naming a filter or a transform.
    public init(from decoder: any Decoder) throws {
        let (_, key) = try StepCoding.singleKey(decoder, allowed: Filter.keys + Transform.keys, kind: "pipeline step")
        if Filter.keys.contains(key) {
            self = .filter(try Filter(from: decoder))
        } else {
            self = .transform(try Transform(from: decoder))
        }
    }

    /// Encodes the filter's or the transform's one-key object.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .filter(let filter): try filter.encode(to: encoder)
        case .transform(let transform): try transform.encode(to: encoder)
        }
    }
}
