import PropertyBased
import SluiceCore
import Testing

@Suite struct JSONPathTests {
    @Test func parsesKeysIndexesAndQuotedKeys() throws {
        let path = try JSONPath(parsing: #"payload.items[2]["display name"].a\b"#)
        #expect(path.components == [.key("payload"), .key("items"), .index(2), .key("display name"), .key(#"a\b"#)])
        #expect(path.description == #"payload.items[2]["display name"].a\b"#)
        #expect(try JSONPath(parsing: #"["a.b"][0]"#).components == [.key("a.b"), .index(0)])
        #expect(try JSONPath(parsing: #"["q\"x"]"#).description == #"["q\"x"]"#)
    }

    @Test(arguments: ["", ".a", "a.", "a..b", "a[", "a[]", "a[01]", "a[-1]", "a[x]", "a]b", #"a["b"#, "a b", #"a["\n"]"#])
    func rejectsInvalidPaths(text: String) {
        #expect {
            try JSONPath(parsing: text)
        } throws: { ($0 as? SluiceError)?.code == .invalidPath }
    }

    @Test func getsNestedValues() {
        let value: JSONValue = ["a": ["b": [10, ["c": "x"]]]]
        #expect(value[path: "a.b[1].c"] == "x")
        #expect(value[path: "a.b[2]"] == nil)
        #expect(value[path: "a.b.c"] == nil)
        #expect(value[path: "a[0]"] == nil)
    }

    @Test func setCreatesMissingContainers() throws {
        var value: JSONValue = [:]
        try value.setValue("x", at: "a.b.c")
        try value.setValue(1, at: "list[0]")
        try value.setValue(2, at: "list[1]")
        try value.setValue(3, at: "list[0]")
        #expect(value == ["a": ["b": ["c": "x"]], "list": [3, 2]])
        value[path: "a.b"] = nil
        #expect(value == ["a": [:], "list": [3, 2]])
    }

    @Test func setFailsThroughScalarsAndPastTheEnd() {
        var value: JSONValue = ["s": "text", "list": [1]]
        #expect(throws: SluiceError.self) { try value.setValue(1, at: "s.x") }
        #expect(throws: SluiceError.self) { try value.setValue(1, at: "list[5]") }
        #expect(throws: SluiceError.self) { try value.setValue(1, at: "list.x") }
        value[path: "s.x"] = 1
        #expect(value == ["s": "text", "list": [1]])
    }

    @Test func removeShiftsArraysAndIgnoresMissingPaths() {
        var value: JSONValue = ["list": [1, 2, 3], "o": ["k": true]]
        #expect(value.removeValue(at: "list[0]") == 1)
        #expect(value.removeValue(at: "o.missing") == nil)
        #expect(value.removeValue(at: "list.x") == nil)
        #expect(value == ["list": [2, 3], "o": ["k": true]])
    }

    @Test func setThenGetReturnsTheValue() async {
        let keys = Gen.letterOrNumber.string(of: 1...4)
        await propertyCheck(input: Gen.json, keys.array(of: 1...4), Gen.json) { base, keys, value throws in
            var document: JSONValue = ["root": base]
            let path = JSONPath(components: [.key("root")] + keys.map { .key($0) })
            if (try? document.setValue(value, at: path)) != nil {
                #expect(document[path: path] == value)
                #expect(try JSONValue.parse(document.serialized()) == document)
            }
        }
    }

    @Test func descriptionParsesBackToTheSamePath() async {
        let key = Gen.ascii.string(of: 0...5)
        await propertyCheck(input: key.array(of: 1...4)) { keys throws in
            let path = JSONPath(components: keys.enumerated().map { $0.offset % 2 == 1 ? .index($0.element.count) : .key($0.element) })
            #expect(try JSONPath(parsing: path.description) == path)
        }
    }
}
