import PropertyBased
import SluiceCore

/// Random JSON values, envelopes and subject tokens for property-based tests.
enum Random {
    /// A string mixing ASCII, characters that need escaping, and multi-byte scalars.
    static func string(maxLength: Int = 12, using rng: inout some RandomNumberGenerator) -> String {
        let length = Int.random(in: 0...maxLength, using: &rng)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length {
            let value: UInt32 =
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: UInt32.random(in: 0...0x1F, using: &rng)  // control characters
                case 1: [0x22, 0x5C, 0x2F, 0x7F].randomElement(using: &rng)!  // " \ / DEL
                case 2: UInt32.random(in: 0x80...0x7FF, using: &rng)
                case 3: UInt32.random(in: 0x800...0xD7FF, using: &rng)
                case 4: UInt32.random(in: 0x10000...0x10FFFF, using: &rng)
                default: UInt32.random(in: 0x20...0x7E, using: &rng)
                }
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    /// A finite double: a random bit pattern, a small decimal, or an edge case.
    static func double(using rng: inout some RandomNumberGenerator) -> Double {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0:
            let double = Double(bitPattern: UInt64.random(in: .min ... .max, using: &rng))
            return double.isFinite ? double : 0.5
        case 1:
            return [0.0, -0.0, 1.0, -1.5, 1e300, -1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
                .randomElement(using: &rng)!
        default: return Double(Int.random(in: -100_000...100_000, using: &rng)) / 100
        }
    }

    /// A JSON value nested up to `depth` levels.
    static func json(depth: Int = 4, using rng: inout some RandomNumberGenerator) -> JSONValue {
        let kinds = depth > 0 ? 7 : 5
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2:
            return .int(
                Bool.random(using: &rng)
                    ? Int64.random(in: .min ... .max, using: &rng) : Int64.random(in: -1000...1000, using: &rng)
            )
        case 3: return .double(double(using: &rng))
        case 4: return .string(string(using: &rng))
        case 5:
            return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in json(depth: depth - 1, using: &rng) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                object[string(maxLength: 6, using: &rng)] = json(depth: depth - 1, using: &rng)
            }
            return .object(object)
        }
    }

    /// A valid subject token from a small alphabet, so that random tokens often collide.
    static func token(using rng: inout some RandomNumberGenerator) -> String {
        let alphabet = ["a", "b", "c", "assets", "user-1", "é", "x_y"]
        return (0..<Int.random(in: 1...2, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
    }

    /// A valid concrete subject of 1 to 5 tokens.
    static func subject(using rng: inout some RandomNumberGenerator) -> [String] {
        (0..<Int.random(in: 1...5, using: &rng)).map { _ in token(using: &rng) }
    }

    /// An envelope with random fields and payload.
    static func envelope(using rng: inout some RandomNumberGenerator) -> Envelope {
        func field() -> String { "x" + string(maxLength: 10, using: &rng) }
        return Envelope(
            eventID: field(),
            schemaVersion: Int.random(in: 0...5, using: &rng),
            producer: field(),
            resourceType: field(),
            resourceID: field(),
            eventType: ["created", "updated", "deleted", field()].randomElement(using: &rng)!,
            occurredAt: field(),
            traceID: Bool.random(using: &rng) ? field() : nil,
            version: Int64.random(in: .min ... .max, using: &rng),
            payload: json(using: &rng)
        )
    }
}

/// Lets generic code draw from the property checker's existential generator (passing `inout any` to
/// `inout some` directly crashes the 6.3 compiler).
struct CheckerRandom: RandomNumberGenerator {
    var base: any SeededRandomNumberGenerator

    mutating func next() -> UInt64 { base.next() }

    /// Runs `body` with a generator drawing from `rng`, then stores `rng`'s advanced state back.
    static func with<T>(_ rng: inout any SeededRandomNumberGenerator, _ body: (inout CheckerRandom) -> T) -> T {
        var random = CheckerRandom(base: rng)
        defer { rng = random.base }
        return body(&random)
    }
}

extension Gen where Value == JSONValue {
    /// Random JSON values.
    static var json: Generator<JSONValue, Shrink.None<JSONValue>> {
        Generator { rng in CheckerRandom.with(&rng) { Random.json(using: &$0) } }
    }
}

extension Gen where Value == Envelope {
    /// Random envelopes.
    static var envelope: Generator<Envelope, Shrink.None<Envelope>> {
        Generator { rng in CheckerRandom.with(&rng) { Random.envelope(using: &$0) } }
    }
}

extension Gen where Value == [String] {
    /// Random subjects, as their tokens.
    static var subjectTokens: Generator<[String], Shrink.None<[String]>> {
        Generator { rng in CheckerRandom.with(&rng) { Random.subject(using: &$0) } }
    }
}
