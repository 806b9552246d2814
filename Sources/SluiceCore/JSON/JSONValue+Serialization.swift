extension JSONValue {
    /// Parses strict JSON (RFC 8259) from UTF-8 bytes, such as a `[UInt8]`, `Data` or `string.utf8`.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/malformedJSON`` and the ``SluiceError/byteOffset``
    ///   of the offending byte: trailing commas, comments, leading zeros, unescaped control characters, invalid
    ///   escapes or UTF-8, lone surrogates, duplicate keys, nesting deeper than 512 levels and trailing bytes are
    ///   all rejected.
    public static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        try JSONParser.withParser(over: bytes) { parser in try parser.parseDocument() }
    }

    /// The compact JSON text of the value as UTF-8: no whitespace, object keys in order. Strings are written as
    /// UTF-8 with only `"`, `\` and control characters escaped; doubles in Swift's shortest round-tripping form;
    /// non-finite doubles as `null`.
    public func serialized() -> [UInt8] { jsonBytes() }
}
