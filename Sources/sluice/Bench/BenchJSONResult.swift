import Foundation

/// A benchmark's result that `--json` prints as one JSON object with sorted keys.
protocol BenchJSONResult: Encodable {}

extension BenchJSONResult {
    /// The result as one line of JSON.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
