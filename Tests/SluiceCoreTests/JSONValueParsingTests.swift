import SluiceCore
import Testing

@Suite struct JSONValueParsingTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"n":null,"t":true,"f":false,"i":-42,"d":1.5e3,"s":"hé\n","a":[1,[]],"o":{}} "#)
        #expect(value == ["n": nil, "t": true, "f": false, "i": -42, "d": 1500.0, "s": "hé\n", "a": [1, []], "o": [:]])
    }

    @Test func keepsKeyOrder() throws {
        let value = try parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(String(decoding: value.serialized(), as: UTF8.self) == #"{"z":1,"a":2,"m":3}"#)
    }

    @Test func integersStayIntegersAndOthersAreDoubles() throws {
        #expect(try parse("9223372036854775807") == .int(.max))
        #expect(try parse("-9223372036854775808") == .int(.min))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse("1.0") == .double(1))
        #expect(try parse("1e2") == .double(100))
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0").doubleValue?.sign == .minus)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00""#) == .string("\"\\/\u{8}\u{c}\n\r\té😀"))
    }

    @Test(arguments: [
        ("", 0, "unexpected end of input"),
        ("[1,]", 3, "unexpected ']'"),
        ("{\"a\":1,}", 7, "unexpected '}'"),
        ("01", 0, "leading zero"),
        ("1.", 2, "unexpected end of input"),
        ("-", 1, "unexpected end of input"),
        ("[1 2]", 3, "unexpected '2'"),
        ("tru", 3, "unexpected end of input"),
        ("nul1", 0, "invalid literal"),
        ("\"a\u{1}\"", 2, "control character"),
        (#""\x""#, 1, "invalid escape"),
        (#""\uD800""#, 1, "lone surrogate"),
        (#""\uDC00x""#, 1, "lone surrogate"),
        (#"{"a":1,"a":2}"#, 7, "duplicate key"),
        ("1 2", 2, "after the JSON value"),
        ("// c\n1", 0, "unexpected '/'"),
        ("NaN", 0, "unexpected 'N'"),
        ("1e999", 0, "out of range"),
        ("\"abc", 0, "unterminated string"),
        ("{1:2}", 1, "object key"),
    ])
    func rejectsInvalidJSONWithTheOffset(text: String, offset: Int, message: String) {
        #expect {
            try parse(text)
        } throws: { error in
            guard let error = error as? SluiceError else { return false }
            return error.code == .malformedJSON && error.byteOffset == offset && error.reason.contains(message)
        }
    }

    @Test func rejectsInvalidUTF8AtItsOffset() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0xA9, 0xFF, 0x22]
        #expect(throws: SluiceError(.malformedJSON, "invalid UTF-8 at byte 4", byteOffset: 4)) {
            try JSONValue.parse(bytes)
        }
    }

    @Test func findsDuplicatesInLargeObjects() throws {
        let keys = (0..<40).map { "\"k\($0)\":\($0)" }
        #expect(try parse("{" + keys.joined(separator: ",") + "}").objectValue?.count == 40)
        #expect {
            try parse("{" + (keys + ["\"k3\":0"]).joined(separator: ",") + "}")
        } throws: { ($0 as? SluiceError)?.reason.hasPrefix("duplicate key \"k3\"") == true }
    }

    @Test func rejectsNestingBeyondTheLimit() {
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: SluiceError.self) { try parse(deep) }
        let fine = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect((try? parse(fine)) != nil)
    }

    @Test func parsesNonContiguousCollections() throws {
        let bytes = Array(#"{"a":[true]}"#.utf8)
        #expect(try JSONValue.parse(bytes.lazy.map { $0 }) == ["a": [true]])
    }
}
