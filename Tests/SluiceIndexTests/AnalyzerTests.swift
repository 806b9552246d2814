import Testing

@testable import SluiceIndex

/// The analyzer splits and folds as FTS5's `unicode61 remove_diacritics 2` does (the comparison with a real FTS5
/// index is in ``FTS5ComparisonTests``).
struct AnalyzerTests {
    @Test(arguments: [
        ("eu-north-1", ["eu", "north", "1"]),
        ("don't stop", ["don", "t", "stop"]),
        ("Élan NAÏVE façade", ["elan", "naive", "facade"]),
        ("cafe\u{301}s", ["cafes"]),
        ("x_y 3.14", ["x", "y", "3", "14"]),
        ("ÆØ straße", ["æø", "straße"]),
        ("ＡＢ ① 🙂a", ["ａｂ", "①", "🙂a"]),
        ("  ", []),
    ])
    func splitsAndFoldsAsFTS5(text: String, terms: [String]) {
        #expect(Analyzer.terms(text) == terms)
    }

    @Test func keepsVeryLongTermsWhole() {
        let long = String(repeating: "ab", count: 400)
        #expect(Analyzer.terms("x \(long) y") == ["x", long, "y"])
    }
}
