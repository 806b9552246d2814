#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The ranking function, the one SQLite FTS5's `bm25()` computes, so both engines order results alike: for each
/// phrase of the query, `idf × f × (k1 + 1) / (f + k1 × (1 − b + b × D / avgdl))`, summed, where `f` is the phrase's
/// weighted frequency in the document, `D` the document's token count over all fields, `avgdl` the mean of `D`
/// over the live documents, and `idf = ln((N − n + 0.5) / (n + 0.5))` (at least 1e-6) for `N` live documents, `n`
/// of them containing the phrase. `k1 = 1.2` and `b = 0.75` are FTS5's (and Lucene's) values.
struct BM25 {
    static let k1: Double = 1.2
    static let b: Double = 0.75

    let idf: [Double]
    let averageLength: Double

    init(documents: Int, matching: [Int], tokens: UInt64) {
        let total = Double(documents)
        idf = matching.map { count in
            let value = log((total - Double(count) + 0.5) / (Double(count) + 0.5))
            return value > 1e-6 ? value : 1e-6
        }
        averageLength = documents > 0 ? max(Double(tokens) / total, 1e-9) : 1
    }

    /// The part of the formula that depends on the document alone: `k1 × (1 − b + b × D / avgdl)` for a document of
    /// `length` tokens.
    func norm(length: Double) -> Double { Self.k1 * (1 - Self.b + Self.b * length / averageLength) }

    /// The contribution of a phrase of inverse document frequency `idf` with weighted frequency `frequency` to a
    /// document whose ``norm(length:)`` is `norm`.
    static func score(idf: Double, frequency: Double, norm: Double) -> Double { idf * frequency * (k1 + 1) / (frequency + norm) }
}
