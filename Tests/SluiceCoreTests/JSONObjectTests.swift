import SluiceCore
import Testing

@Suite struct JSONObjectTests {
    @Test func setReplacesInPlaceAndAppendsNewKeys() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["a"] = 10
        object["c"] = 3
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["a"] == 10)
        object["a"] = nil
        #expect(object.keys == ["b", "c"])
        #expect(object.count == 2)
    }

    @Test func equalityDependsOnOrder() {
        let first: JSONObject = ["a": 1, "b": 2]
        let second: JSONObject = ["b": 2, "a": 1]
        #expect(first != second)
        #expect(first == ["a": 1, "b": 2])
    }

    @Test func largeObjectsKeepWorkingThroughTheIndex() {
        var object = JSONObject()
        for number in 0..<100 { object["k\(number)"] = .int(Int64(number)) }
        #expect(object["k57"] == 57)
        object.removeValue(forKey: "k10")
        #expect(object["k11"] == 11)
        #expect(object["k10"] == nil)
        #expect(object.keys.first == "k0")
        #expect(object.count == 99)
        #expect(object.updateValue(0, forKey: "k99") == 99)
        #expect(Array(object).last?.value == 0)
    }

    @Test func repeatedLiteralKeysKeepTheFirstPositionAndLastValue() {
        let object = JSONObject([("a", 1), ("b", 2), ("a", 3)])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
    }
}
