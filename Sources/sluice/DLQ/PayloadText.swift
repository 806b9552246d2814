import Foundation

/// Shows a dead letter's payload readably.
enum PayloadText {
    /// The payload indented as JSON with sorted keys when it parses as JSON, else as it is.
    static func pretty(_ payload: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8), options: [.fragmentsAllowed]),
            let data = try? JSONSerialization.data(
                withJSONObject: object,
                options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]
            )
        else { return payload }
        return String(decoding: data, as: UTF8.self)
    }
}
