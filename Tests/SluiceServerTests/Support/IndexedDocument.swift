import Foundation
import SluiceRuntime

/// A document in an ``InMemoryOperations`` index.
struct IndexedDocument: Sendable {
    var id: String
    var version: Int64
    /// The document as JSON text.
    var text: String

    /// The document as a hit for `query`, scored by how often its words occur, or `nil` when none does.
    func hit(for query: String) -> SearchResponse.Hit? {
        let words = Self.words(in: text)
        let score = Self.words(in: query).reduce(0) { total, term in total + words.filter { $0 == term }.count }
        guard score > 0 else { return nil }
        return SearchResponse.Hit(id: id, score: Double(score), version: version, document: text)
    }

    /// Lower-cased runs of letters and digits.
    static func words(in text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }
}
