extension Envelope {
    /// The envelope's fields as paths see them, in wire order.
    ///
    /// A path starts at one of these (`resource_id`, `payload.status`, …); only `payload` has anything below it.
    public static let fieldNames = [
        "event_id", "schema_version", "producer", "resource_type", "resource_id", "event_type", "occurred_at",
        "trace_id", "version", "payload",
    ]

    /// The value at `path`, where the envelope is seen as its wire JSON object: `resource_type`, `version`,
    /// `payload.tags[0]`. `nil` when absent (including `trace_id` when it is `nil`) or when the path is unknown.
    public func value(at path: JSONPath) -> JSONValue? {
        guard let field = path.firstKey else { return nil }
        let rest = path.components.dropFirst()
        if field == "payload" { return payload.value(at: rest) }
        guard rest.isEmpty else { return nil }
        switch field {
        case "event_id": return .string(eventID)
        case "schema_version": return .int(Int64(schemaVersion))
        case "producer": return .string(producer)
        case "resource_type": return .string(resourceType)
        case "resource_id": return .string(resourceID)
        case "event_type": return .string(eventType)
        case "occurred_at": return .string(occurredAt)
        case "trace_id": return traceID.map(JSONValue.string)
        case "version": return .int(version)
        default: return nil
        }
    }

    /// Sets the value at `path` (see ``value(at:)``), keeping the envelope well-typed.
    ///
    /// The string fields take non-empty strings, `schema_version` and `version` take integers, `trace_id` takes a
    /// string or `null` (which clears it), and `payload` and anything below it take any value
    /// (see ``JSONValue/setValue(_:at:)``).
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidPath`` for an unknown field, a path below a
    ///   field other than `payload`, or a value of the wrong type.
    public mutating func setValue(_ value: JSONValue, at path: JSONPath) throws {
        let field = try Self.field(of: path)
        let rest = path.components.dropFirst()
        if field == "payload" {
            try payload.setValue(value, at: rest, fullPath: path)
            return
        }
        guard rest.isEmpty else { throw Self.notAContainer(path, field) }
        switch (field, value) {
        case ("schema_version", .int(let integer)): schemaVersion = Int(integer)
        case ("version", .int(let integer)): version = integer
        case ("trace_id", .null): traceID = nil
        case ("trace_id", .string(let string)): traceID = string
        case (_, .string(let string)) where !string.isEmpty && Self.stringFields.contains(field):
            setString(string, for: field)
        default:
            let expected =
                switch field {
                case "schema_version", "version": "an integer"
                case "trace_id": "a string or null"
                default: "a non-empty string"
                }
            throw SluiceError(.invalidPath, "cannot set \(path): it must be \(expected), not \(value)")
        }
    }

    /// Removes the value at `path` and returns it: below `payload` it is removed from the payload, `payload` itself
    /// becomes `null`, `trace_id` becomes `nil`. `nil` when there was nothing.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidPath`` for an unknown field or a required one.
    @discardableResult
    public mutating func removeValue(at path: JSONPath) throws -> JSONValue? {
        let field = try Self.field(of: path)
        let rest = path.components.dropFirst()
        switch field {
        case "payload" where !rest.isEmpty:
            return payload.removeValue(at: rest)
        case "payload":
            defer { payload = .null }
            return payload
        case _ where !rest.isEmpty:
            return nil
        case "trace_id":
            defer { traceID = nil }
            return traceID.map(JSONValue.string)
        default:
            throw SluiceError(.invalidPath, "cannot remove \(path): the envelope requires it")
        }
    }

    private static let fieldNameSet = Set(fieldNames)

    private static let stringFields: Set<String> = [
        "event_id", "producer", "resource_type", "resource_id", "event_type", "occurred_at",
    ]

    private static func field(of path: JSONPath) throws -> String {
        guard let field = path.firstKey, fieldNameSet.contains(field) else {
            throw SluiceError(
                .invalidPath,
                "the envelope has no field \"\(path.firstKey ?? path.description)\"; paths start at one of \(fieldNames.joined(separator: ", "))"
            )
        }
        return field
    }

    private static func notAContainer(_ path: JSONPath, _ field: String) -> SluiceError {
        SluiceError(.invalidPath, "cannot set \(path): \(field) has no fields below it")
    }

    private mutating func setString(_ string: String, for field: String) {
        switch field {
        case "event_id": eventID = string
        case "producer": producer = string
        case "resource_type": resourceType = string
        case "resource_id": resourceID = string
        case "event_type": eventType = string
        default: occurredAt = string
        }
    }
}
