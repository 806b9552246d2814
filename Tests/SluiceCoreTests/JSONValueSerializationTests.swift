import Foundation
import PropertyBased
import SluiceCore
import Testing

@Suite struct JSONValueSerializationTests {
    private func text(_ value: JSONValue) -> String { String(decoding: value.serialized(), as: UTF8.self) }

    @Test func writesCompactJSON() {
        let value: JSONValue = ["a": [1, 2.5, "x"], "b": ["c": nil, "d": false]]
        #expect(text(value) == #"{"a":[1,2.5,"x"],"b":{"c":null,"d":false}}"#)
        #expect(value.description == text(value))
    }

    @Test func escapesOnlyWhatItMust() {
        #expect(text("q\"b\\s/\n\t\u{1}é😀") == #""q\"b\\s/\n\t\u0001é😀""#)
    }

    @Test func textThatIsMostlyEscapesIsMeasuredAgainAndWrittenWhole() {
        let controls = String(repeating: "\u{1}", count: 100)
        #expect(text(["k": .string(controls)]) == #"{"k":""# + String(repeating: #"\u0001"#, count: 100) + #""}"#)
        let quotes = String(repeating: "\"", count: 40) + "end"
        #expect(text([.string(quotes), 1]) == #"[""# + String(repeating: #"\""#, count: 40) + #"end",1]"#)
    }

    @Test func writesIntegersAndDoubles() {
        #expect(text(.int(.min)) == "-9223372036854775808")
        #expect(text(.int(0)) == "0")
        #expect(text(.double(100)) == "100.0")
        #expect(text(.double(.infinity)) == "null")
        #expect(text(.double(.nan)) == "null")
    }

    @Test func roundTripsRandomValues() async {
        await propertyCheck(count: 300, input: Gen.json) { value in
            let bytes = value.serialized()
            let parsed = try JSONValue.parse(bytes)
            #expect(parsed == value)
            #expect(parsed.serialized() == bytes)
        }
    }

    @Test func codableMatchesTheValue() async throws {
        let value: JSONValue = ["a": [1, 2.5, "x", nil, true], "b": ["c": [:]]]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data).objectValue?.count == 2)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data)["a"] == [1, 2.5, "x", nil, true])
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("12".utf8)) == .int(12))
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("12.5".utf8)) == .double(12.5))
    }
}
