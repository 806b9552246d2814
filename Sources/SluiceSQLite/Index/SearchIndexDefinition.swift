/// A named index: which fields of the documents are searchable, and where a document's id comes from.
public struct SearchIndexDefinition: Sendable, Hashable {
    /// The index's name: letters, digits, `-` and `_`.
    public var name: String
    /// The searchable fields, at least one. A query term matches any of them unless it names one
    /// (`title: river`); a field's weight scales its share of the score.
    public var fields: [SearchField]
    /// The path in the payload to the document id (`sku`, `meta.id`); `nil` uses the envelope's
    /// `resourceID`. A payload without a string or integer there is rejected.
    public var idField: String?

    /// Creates a definition.
    public init(name: String, fields: [SearchField], idField: String? = nil) {
        self.name = name
        self.fields = fields
        self.idField = idField
    }

    /// Throws ``SluiceSQLiteError/Code/invalidArgument`` when the name, a field or the id field is not valid.
    func validate() throws {
        try PlainName.validate(name, what: "index name")
        guard !fields.isEmpty else {
            throw SluiceSQLiteError(.invalidArgument, "index '\(name)' needs at least one searchable field")
        }
        var seen: Set<String> = []
        for field in fields {
            _ = try FieldPath(field.path)
            // FTS5 column names ignore case and reserve these.
            let lowered = field.path.lowercased()
            if ["rank", "rowid", "oid", "_rowid_"].contains(lowered) {
                throw SluiceSQLiteError(.invalidArgument, "'\(field.path)' cannot be a searchable field name (reserved by FTS5)")
            }
            guard seen.insert(lowered).inserted else {
                throw SluiceSQLiteError(.invalidArgument, "index '\(name)' lists field '\(field.path)' twice (case is ignored)")
            }
            guard field.weight > 0, field.weight.isFinite else {
                throw SluiceSQLiteError(.invalidArgument, "the weight of field '\(field.path)' must be a positive number")
            }
        }
        if let idField { _ = try FieldPath(idField) }
    }
}

/// A searchable field of an index.
public struct SearchField: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The path to the value in the payload (`title`, `author.name`, `tags`). Strings, numbers and arrays
    /// of them are searchable; the path is also the field's name in queries (`"author.name": ada`).
    public var path: String
    /// How much a match in this field counts towards the score, relative to the others. Default 1.
    public var weight: Double

    /// Creates a field.
    public init(_ path: String, weight: Double = 1) {
        self.path = path
        self.weight = weight
    }

    /// A field with weight 1.
    public init(stringLiteral path: String) {
        self.init(path)
    }
}
