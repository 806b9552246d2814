import SluiceRuntime
import SluiceSQLite

extension SinkConnector {
    /// The embedded full-text index: `type: search_index`.
    public static let searchIndex = SinkConnector(
        SearchIndexSinkConfig.self,
        keys: ["index", "fields", "engine"],
        decode: { block in
            guard let indexField = block.require("index", what: "the index name"),
                let index = block.reader.nonEmptyString(indexField),
                let fieldsField = block.require("fields", what: "the searchable fields"),
                let items = block.reader.sequence(fieldsField)
            else { return nil }
            if items.isEmpty { block.reader.report(fieldsField, "expected at least one searchable field") }
            let fields = items.compactMap { SearchIndexSinkConfig.Field.decode($0, reader: block.reader) }
            let engine = block.keys["engine"].flatMap { SearchIndexEngine.decode($0, reader: block.reader) }
            return SearchIndexSinkConfig(index: index, fields: fields, engine: engine)
        },
        make: { settings, context in
            SearchIndexSink(index: try await OpenSearchIndex.shared(context.runtime).index, config: settings)
        }
    )
}

extension SearchIndexSinkConfig.Field {
    /// `title` or `{path: title, weight: 2}`.
    static func decode(_ field: ConfigField, reader: ConfigReader) -> Self? {
        if field.node.scalar != nil { return reader.nonEmptyString(field).map { Self(path: $0) } }
        guard let keys = reader.mapping(field, allowed: ["path", "weight"]),
            let pathField = reader.require("path", in: keys, parent: field, what: "the field's path in the payload"),
            let path = reader.nonEmptyString(pathField)
        else { return nil }
        var result = Self(path: path)
        if let weight = keys["weight"] { result.weight = reader.number(weight, in: 0.001...1000) ?? 1 }
        return result
    }
}
