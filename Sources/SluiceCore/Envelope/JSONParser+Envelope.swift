import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONParser {
    /// Parses a whole document that must be an envelope object.
    mutating func parseEnvelope() throws -> Envelope {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else {
            let start = position
            let value = try parseDocument()
            throw SluiceError(
                .invalidEnvelope,
                "an envelope is a JSON object, found \(value.type.rawValue)",
                byteOffset: start
            )
        }
        var fields = EnvelopeFields()
        try forEachMember { parser, key in
            try fields.read(key, from: &parser)
        }
        try expectEnd()
        return try fields.envelope()
    }
}

/// The fields of an envelope seen so far while parsing.
private struct EnvelopeFields {
    var eventID: String?
    var schemaVersion: Int?
    var producer: String?
    var resourceType: String?
    var resourceID: String?
    var eventType: String?
    var occurredAt: String?
    var traceID: String?
    var version: Int64?
    var payload: JSONValue?
    /// One bit per ``EnvelopeField`` read so far.
    var seen: UInt16 = 0
    var unknownKeys: Set<String> = []

    mutating func read(_ key: JSONParser.Key, from parser: inout JSONParser) throws {
        guard let field = try EnvelopeField(key, parser) else {
            let name = try parser.string(for: key)
            guard unknownKeys.insert(name).inserted else { throw Self.duplicate(name, key.offset) }
            _ = try parser.parseValue()
            return
        }
        let bit: UInt16 = 1 << field.rawValue
        guard seen & bit == 0 else { throw Self.duplicate(field.name, key.offset) }
        seen |= bit
        switch field {
        case .eventID: eventID = try Self.string(field, &parser)
        case .schemaVersion: schemaVersion = Int(try Self.integer(field, &parser))
        case .producer: producer = try Self.string(field, &parser)
        case .resourceType: resourceType = try Self.string(field, &parser)
        case .resourceID: resourceID = try Self.string(field, &parser)
        case .eventType: eventType = try Self.string(field, &parser)
        case .occurredAt: occurredAt = try Self.string(field, &parser)
        case .traceID: traceID = try Self.optionalString(field, &parser)
        case .version: version = try Self.integer(field, &parser)
        case .payload: payload = try parser.parseValue()
        }
    }

    func envelope() throws -> Envelope {
        Envelope(
            eventID: try Self.required(eventID, .eventID),
            schemaVersion: schemaVersion ?? 1,
            producer: try Self.required(producer, .producer),
            resourceType: try Self.required(resourceType, .resourceType),
            resourceID: try Self.required(resourceID, .resourceID),
            eventType: try Self.required(eventType, .eventType),
            occurredAt: try Self.required(occurredAt, .occurredAt),
            traceID: traceID,
            version: version ?? 0,
            payload: payload ?? .object(JSONObject())
        )
    }

    private static func required(_ value: String?, _ field: EnvelopeField) throws -> String {
        guard let value else { throw SluiceError(.invalidEnvelope, "missing required field \"\(field.name)\"") }
        guard !value.isEmpty else { throw SluiceError(.invalidEnvelope, "field \"\(field.name)\" is empty") }
        return value
    }

    private static func duplicate(_ name: String, _ keyOffset: Int) -> SluiceError {
        SluiceError(.malformedJSON, "duplicate key \"\(name)\" at byte \(keyOffset)", byteOffset: keyOffset)
    }

    private static func string(_ field: EnvelopeField, _ parser: inout JSONParser) throws -> String {
        if parser.position < parser.bytes.count, parser.bytes[parser.position] == UInt8(ascii: "\"") {
            return try parser.parseString()
        }
        let start = parser.position
        throw wrongType(field, expected: "a string", found: try parser.parseValue(), at: start)
    }

    private static func optionalString(_ field: EnvelopeField, _ parser: inout JSONParser) throws -> String? {
        let start = parser.position
        switch try parser.parseValue() {
        case .string(let string): return string
        case .null: return nil
        case let other: throw wrongType(field, expected: "a string or null", found: other, at: start)
        }
    }

    private static func integer(_ field: EnvelopeField, _ parser: inout JSONParser) throws -> Int64 {
        let start = parser.position
        let value = try parser.parseValue()
        guard case .int(let integer) = value else {
            throw wrongType(field, expected: "an integer", found: value, at: start)
        }
        return integer
    }

    private static func wrongType(
        _ field: EnvelopeField,
        expected: String,
        found: JSONValue,
        at offset: Int
    )
        -> SluiceError
    {
        SluiceError(
            .invalidEnvelope,
            "field \"\(field.name)\" must be \(expected), found \(found.type.rawValue) at byte \(offset)",
            byteOffset: offset
        )
    }
}

/// A top-level envelope key, in wire order (the order of ``Envelope/fieldNames``).
private enum EnvelopeField: Int {
    case eventID, schemaVersion, producer, resourceType, resourceID, eventType, occurredAt, traceID, version, payload

    /// The key on the wire.
    var name: String { Envelope.fieldNames[rawValue] }

    /// The field `key` names, recognised from its bytes without making a `String`; `nil` for an unknown key.
    init?(_ key: JSONParser.Key, _ parser: JSONParser) throws {
        if !key.hasEscapes {
            guard let field = Self.known(key.raw) else { return nil }
            self = field
            return
        }
        var name = try parser.string(for: key)
        guard let field = name.withUTF8({ Self.known($0) }) else { return nil }
        self = field
    }

    private static func known(_ raw: UnsafeBufferPointer<UInt8>) -> EnvelopeField? {
        func `is`(_ name: StaticString) -> Bool {
            memcmp(raw.baseAddress!, name.utf8Start, raw.count) == 0
        }
        switch raw.count {
        case 7 where `is`("version"): return .version
        case 7 where `is`("payload"): return .payload
        case 8 where `is`("event_id"): return .eventID
        case 8 where `is`("producer"): return .producer
        case 8 where `is`("trace_id"): return .traceID
        case 10 where `is`("event_type"): return .eventType
        case 11 where `is`("resource_id"): return .resourceID
        case 11 where `is`("occurred_at"): return .occurredAt
        case 13 where `is`("resource_type"): return .resourceType
        case 14 where `is`("schema_version"): return .schemaVersion
        default: return nil
        }
    }
}
