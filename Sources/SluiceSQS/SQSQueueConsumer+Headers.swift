#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SQSQueueConsumer {
    /// Headers as a JSON object, for one message attribute.
    static func encodeHeaders(_ headers: [String: String]) -> String {
        (try? String(decoding: JSONEncoder().encode(headers), as: UTF8.self)) ?? "{}"
    }

    /// The headers of ``encodeHeaders(_:)``, or `nil` for text that is not such an object.
    static func decodeHeaders(_ text: String) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }
}
