import Foundation
import FuzzSupport
import SluiceCore

/// SluiceCore's JSON parser against Foundation's: what `JSONSerialization` rejects, `JSONValue.parse` must reject;
/// what it accepts must serialize and parse back to the same value; envelope decoding of the same bytes must not crash.
@main enum FuzzJSON {
    static func main() {
        runFuzzer { data, count in
            FuzzJSON.test(fuzzInput(data, count))
            return 0
        }
    }

    static func test(_ bytes: UnsafeBufferPointer<UInt8>) {
        let ours = try? JSONValue.parse(bytes)
        let foundation = try? JSONSerialization.jsonObject(with: Data(buffer: bytes), options: .fragmentsAllowed)
        if foundation == nil {
            require(ours == nil, "accepted what JSONSerialization rejects: \(ours!)")
        }
        if let ours {
            let written = ours.serialized()
            require((try? JSONValue.parse(written)) == ours, "\(ours) does not survive serializing as \(String(decoding: written, as: UTF8.self))")
        }
        _ = try? Envelope.decode(bytes)
    }
}
