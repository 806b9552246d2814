import FoundationEssentials
import SluiceCore

extension PipelineSteps {
    /// The steps under `filters:` (each one of `subjects`, `operations`, `where`) and `transforms:` (each one of
    /// `set`, `rename`, `copy`, `drop`, `lowercase`, `trim`, `timestamp`, `validate`), in SluiceCore's shapes;
    /// a step that does not decode is reported at its own line with SluiceCore's reason.
    static func decode(filters: ConfigField?, transforms: ConfigField?, reader: ConfigReader) -> PipelineSteps {
        var steps: [PipelineStep] = []
        if let filters, let items = reader.sequence(filters) {
            for item in items {
                if let filter = decodeItem(item, as: Filter.self, kinds: Filter.keys, reader: reader) { steps.append(.filter(filter)) }
            }
        }
        if let transforms, let items = reader.sequence(transforms) {
            for item in items {
                if let transform = decodeItem(item, as: Transform.self, kinds: Transform.keys, reader: reader) {
                    steps.append(.transform(transform))
                }
            }
        }
        return PipelineSteps(steps)
    }

    private static func decodeItem<T: Decodable>(_ item: ConfigField, as type: T.Type, kinds: [String], reader: ConfigReader) -> T? {
        guard let keys = reader.mapping(item, allowed: kinds) else { return nil }
        guard keys.count == 1 else {
            reader.report(item, "expected exactly one of \(kinds.joined(separator: ", "))")
            return nil
        }
        guard let value = reader.json(item) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: Data(value.serialized()))
        } catch let error as SluiceError {
            reader.report(item, error.reason)
        } catch let DecodingError.dataCorrupted(context), let DecodingError.typeMismatch(_, context),
            let DecodingError.valueNotFound(_, context), let DecodingError.keyNotFound(_, context)
        {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            reader.report(item, path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)")
        } catch {
            reader.report(item, "\(error)")
        }
        return nil
    }
}
