/// A strict RFC 8259 parser over contiguous bytes.
///
/// Rejects trailing commas, comments, leading zeros, `NaN`, unescaped control characters, invalid escapes, lone
/// surrogates, invalid UTF-8, duplicate object keys, nesting deeper than ``maximumDepth`` and anything after the
/// value but whitespace. Every error is a ``SluiceError/Code/malformedJSON`` carrying the byte offset.
struct JSONParser {
    static let maximumDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    private var depth = 0
    /// Entries of the objects being parsed, innermost last.
    private var entryScratch: [JSONObject.Entry] = []
    /// Elements of the arrays being parsed, innermost last.
    private var valueScratch: [JSONValue] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Runs `body` with a parser over `input`, copying it only when it is not contiguous.
    static func withParser<R>(over input: some Collection<UInt8>, _ body: (inout JSONParser) throws -> R) throws -> R {
        let contiguous = try input.withContiguousStorageIfAvailable { buffer in
            var parser = JSONParser(bytes: buffer)
            return try body(&parser)
        }
        if let contiguous { return contiguous }
        return try Array(input).withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            return try body(&parser)
        }
    }

    /// Parses one value that must make up the whole input, surrounded by optional whitespace.
    mutating func parseDocument() throws -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        try expectEnd()
        return value
    }

    /// Fails unless only whitespace is left.
    mutating func expectEnd() throws {
        skipWhitespace()
        guard position == bytes.count else { throw unexpected("after the JSON value") }
    }

    mutating func parseValue() throws -> JSONValue {
        guard position < bytes.count else { throw endOfInput() }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw unexpected("where a value should start")
        }
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after optional whitespace) or fails saying what was expected.
    mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipWhitespace()
        guard position < bytes.count else { throw endOfInput(expecting: what) }
        guard bytes[position] == byte else { throw unexpected("where \(what) should be") }
        position += 1
    }

    /// Calls `body` once per key of the object starting at the current position, with the parser just before the
    /// key's value; `body` must consume the value. Checks the commas, colons and braces.
    mutating func forEachMember(_ body: (inout JSONParser, Key) throws -> Void) throws {
        try enterContainer()
        try expect(UInt8(ascii: "{"), "'{'")
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw endOfInput(expecting: "an object key") }
            guard bytes[position] == UInt8(ascii: "\"") else { throw unexpected("where an object key should be") }
            let key = try parseKey()
            try expect(UInt8(ascii: ":"), "':'")
            skipWhitespace()
            try body(&self, key)
            skipWhitespace()
            guard position < bytes.count else { throw endOfInput(expecting: "',' or '}'") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return
            default:
                throw unexpected("where ',' or '}' should be")
            }
        }
    }

    /// Parses an object, collecting its entries on ``entryScratch`` so that the object's storage is allocated once,
    /// at its final size.
    private mutating func parseObject() throws -> JSONObject {
        if entryScratch.capacity == 0 { entryScratch.reserveCapacity(32) }
        let base = entryScratch.count
        var seen: Set<String>?
        try forEachMember { parser, key in
            let name = try parser.string(for: key)
            let isDuplicate: Bool
            if parser.entryScratch.count - base < JSONObject.indexThreshold {
                isDuplicate = parser.entryScratch[base...].contains { $0.key == name }
            } else {
                if seen == nil { seen = Set(parser.entryScratch[base...].map(\.key)) }
                isDuplicate = !seen!.insert(name).inserted
            }
            guard !isDuplicate else {
                throw SluiceError(
                    .malformedJSON,
                    "duplicate key \"\(name)\" at byte \(key.offset)",
                    byteOffset: key.offset
                )
            }
            let value = try parser.parseValue()
            parser.entryScratch.append(JSONObject.Entry(key: name, value: value))
        }
        let object = JSONObject(uniqueEntries: Array(entryScratch[base...]))
        entryScratch.removeLast(entryScratch.count - base)
        return object
    }

    /// Parses an array, collecting its elements on ``valueScratch`` so that its storage is allocated once.
    private mutating func parseArray() throws -> [JSONValue] {
        try enterContainer()
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return []
        }
        if valueScratch.capacity == 0 { valueScratch.reserveCapacity(32) }
        let base = valueScratch.count
        while true {
            skipWhitespace()
            let element = try parseValue()
            valueScratch.append(element)
            skipWhitespace()
            guard position < bytes.count else { throw endOfInput(expecting: "',' or ']'") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                let elements = Array(valueScratch[base...])
                valueScratch.removeLast(valueScratch.count - base)
                return elements
            default:
                throw unexpected("where ',' or ']' should be")
            }
        }
    }

    private mutating func enterContainer() throws {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw SluiceError(
                .malformedJSON,
                "nesting deeper than \(Self.maximumDepth) levels at byte \(position)",
                byteOffset: position
            )
        }
    }

    private mutating func parseLiteral(_ literal: StaticString, _ value: JSONValue) throws -> JSONValue {
        let start = position
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in expected {
            guard position < bytes.count else { throw endOfInput(expecting: "'\(literal)'") }
            guard bytes[position] == byte else {
                throw SluiceError(
                    .malformedJSON,
                    "invalid literal at byte \(start), expected '\(literal)'",
                    byteOffset: start
                )
            }
            position += 1
        }
        return value
    }

    // MARK: Errors

    func unexpected(_ context: String) -> SluiceError {
        guard position < bytes.count else { return endOfInput() }
        return SluiceError(
            .malformedJSON,
            "unexpected \(Self.describe(bytes[position])) at byte \(position) \(context)",
            byteOffset: position
        )
    }

    func endOfInput(expecting what: String? = nil) -> SluiceError {
        let expecting = what.map { ", expected \($0)" } ?? ""
        return SluiceError(.malformedJSON, "unexpected end of input at byte \(position)\(expecting)", byteOffset: position)
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" : "")\(hex)"
    }
}
