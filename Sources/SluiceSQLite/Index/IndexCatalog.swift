import SQLiteNIO

/// An index as the catalog stores it: its id (naming its tables) and its definition.
struct CatalogEntry: Sendable {
    let id: Int64
    let definition: SearchIndexDefinition

    var schema: IndexSchema {
        // The definition was validated before it was stored.
        IndexSchema(id: id, fields: definition.fields.map { try! FieldPath($0.path) })
    }

    /// The fields as stored: one `weight<TAB>path` line each.
    static func encode(_ fields: [SearchField]) -> String {
        fields.map { "\($0.weight)\t\($0.path)" }.joined(separator: "\n")
    }

    /// An entry from a catalog row.
    init(row: SQLiteRow) throws {
        let fields = try row.string("fields").split(separator: "\n").map { line -> SearchField in
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, let weight = Double(parts[0]) else {
                throw SluiceSQLiteError(.storage, "the index catalog has a malformed field line '\(line)'")
            }
            return SearchField(String(parts[1]), weight: weight)
        }
        self.init(
            id: try row.int64("id"),
            definition: SearchIndexDefinition(name: try row.string("name"), fields: fields, idField: try row.optionalString("id_field"))
        )
    }

    init(id: Int64, definition: SearchIndexDefinition) {
        self.id = id
        self.definition = definition
    }

    /// Every entry in the catalog.
    static func loadAll(on connection: SQLiteConnection) async throws -> [CatalogEntry] {
        try await connection.query("SELECT id, name, fields, id_field FROM sluice_index ORDER BY name").map(CatalogEntry.init(row:))
    }
}
