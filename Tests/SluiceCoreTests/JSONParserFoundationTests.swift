import Foundation
import PropertyBased
import SluiceCore
import Testing

/// SluiceCore's parser against Foundation's `JSONSerialization`, the reference most JSON in the process goes through
/// elsewhere: the same values on valid JSON however it is laid out, and never a value where Foundation refuses.
@Suite struct JSONParserFoundationTests {
    @Test func agreesWithFoundationOnValidJSON() async {
        await propertyCheck(count: 300, input: Gen.laidOutJSON) { sample in
            let ours = try JSONValue.parse(sample.bytes)
            #expect(ours == sample.value)
            let foundation = try JSONSerialization.jsonObject(with: Data(sample.bytes), options: .fragmentsAllowed)
            #expect(Self.agrees(ours, foundation), "\(String(decoding: sample.bytes, as: UTF8.self))")
        }
    }

    @Test func rejectsWhatFoundationRejects() async {
        await propertyCheck(count: 1000, input: Gen.damagedJSON) { bytes in
            guard (try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)) == nil else { return }
            #expect(throws: SluiceError.self, "\(bytes)") { try JSONValue.parse(bytes) }
        }
    }

    @Test func rejectsWhatFoundationRejectsAmongKnownCases() {
        let cases = [
            "", " ", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "1e", "+1", "NaN", "Infinity", "tru", "nul", "'a'",
            "\"\\x\"", "\"\\u12\"", "\"a\nb\"", "[1 2]", "{\"a\" 1}", "{1:2}", "\"\u{7F}", "[1]]", "// c\n1", "1 2",
        ]
        for text in cases {
            let bytes = Array(text.utf8)
            guard (try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)) == nil else { continue }
            #expect(throws: SluiceError.self, "\(text.debugDescription)") { try JSONValue.parse(bytes) }
        }
        for bytes: [UInt8] in [[0x22, 0xC3, 0x22], [0x22, 0xFF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22]] {
            guard (try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)) == nil else { continue }
            #expect(throws: SluiceError.self, "\(bytes)") { try JSONValue.parse(bytes) }
        }
    }

    /// Whether Foundation's object tree holds the same value (numbers compared as numbers: Foundation has no
    /// integer/double distinction a JSON text could carry).
    static func agrees(_ value: JSONValue, _ object: Any) -> Bool {
        switch value {
        case .null: return object is NSNull
        case .bool(let bool): return (object as? Bool) == bool
        case .int(let int):
            guard let number = object as? NSNumber else { return false }
            return number.int64Value == int || number.doubleValue == Double(int)
        case .double(let double):
            guard let number = object as? NSNumber else { return false }
            // Foundation reads some numbers (large exponents) as a Decimal, whose conversion to Double may be off in the
            // last bits; SluiceCore's reading is the correctly rounded one, checked exactly by the round trip above.
            return number.doubleValue == double || abs(number.doubleValue - double) <= abs(double) * 1e-14
        case .string(let string): return (object as? String) == string
        case .array(let elements):
            guard let array = object as? [Any], array.count == elements.count else { return false }
            return zip(elements, array).allSatisfy { agrees($0, $1) }
        case .object(let members):
            guard let dictionary = object as? [String: Any], dictionary.count == members.count else { return false }
            return members.allSatisfy { key, member in dictionary[key].map { agrees(member, $0) } ?? false }
        }
    }
}

/// A JSON value and one valid text of it.
struct LaidOutJSON: Sendable {
    var value: JSONValue
    var bytes: [UInt8]
}

extension Gen where Value == LaidOutJSON {
    /// Random values written with random whitespace between tokens and random escapes in strings.
    static var laidOutJSON: Generator<LaidOutJSON, Shrink.None<LaidOutJSON>> {
        Generator { rng in
            CheckerRandom.with(&rng) { random in
                let value = Random.json(using: &random)
                var bytes: [UInt8] = []
                LaidOutJSON.write(value, to: &bytes, using: &random)
                return LaidOutJSON(value: value, bytes: bytes)
            }
        }
    }
}

extension Gen where Value == [UInt8] {
    /// Valid JSON texts with one to three bytes deleted, inserted, replaced or cut off: mostly invalid, sometimes not.
    static var damagedJSON: Generator<[UInt8], Shrink.None<[UInt8]>> {
        Generator { rng in
            CheckerRandom.with(&rng) { random in
                var bytes: [UInt8] = []
                LaidOutJSON.write(Random.json(depth: 3, using: &random), to: &bytes, using: &random)
                let interesting = Array("{}[]:,\"\\ -+.eE0123456789tfnu\u{1}".utf8) + [0x00, 0x0A, 0x7F, 0x80, 0xC3, 0xED, 0xFF]
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    let at = Int.random(in: 0...bytes.count, using: &random)
                    switch Int.random(in: 0..<4, using: &random) {
                    case 0 where at < bytes.count: bytes.remove(at: at)
                    case 1: bytes.insert(interesting.randomElement(using: &random)!, at: at)
                    case 2 where at < bytes.count: bytes[at] = interesting.randomElement(using: &random)!
                    default: bytes.removeLast(bytes.count - at)
                    }
                }
                return bytes
            }
        }
    }
}

extension LaidOutJSON {
    /// Writes `value` as JSON with random whitespace and, in strings, random `\uXXXX` and `\/` escapes.
    static func write(_ value: JSONValue, to bytes: inout [UInt8], using random: inout some RandomNumberGenerator) {
        func space() {
            for _ in 0..<[0, 0, 0, 1, 2].randomElement(using: &random)! { bytes.append([0x20, 0x0A, 0x0D, 0x09].randomElement(using: &random)!) }
        }
        space()
        switch value {
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element, to: &bytes, using: &random)
            }
            space()
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                space()
                writeString(key, to: &bytes, using: &random)
                space()
                bytes.append(UInt8(ascii: ":"))
                write(member, to: &bytes, using: &random)
            }
            space()
            bytes.append(UInt8(ascii: "}"))
        case .string(let string):
            writeString(string, to: &bytes, using: &random)
        default:
            bytes += value.serialized()
        }
        space()
    }

    private static func writeString(_ string: String, to bytes: inout [UInt8], using random: inout some RandomNumberGenerator) {
        bytes.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            let mustEscape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            if mustEscape || Int.random(in: 0..<8, using: &random) == 0 {
                if scalar == "/" {
                    bytes += Array(#"\/"#.utf8)
                    continue
                }
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    bytes += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                }
            } else {
                bytes += Array(String(scalar).utf8)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
