import Foundation
import PropertyBased
import SluiceCore
import Testing

@Suite struct SubjectPatternTests {
    @Test(arguments: [
        ("es.iconik.*", "es.iconik.assets", true),
        ("es.iconik.*", "es.iconik.assets.x", false),
        ("es.iconik.*", "es.iconik", false),
        ("es.>", "es.iconik.assets", true),
        ("es.>", "es", false),
        (">", "a", true),
        ("*.b.>", "a.b.c.d", true),
        ("*.b.>", "a.c.c", false),
        ("a.b", "a.b", true),
        ("a.b", "a.bc", false),
        ("a.*", "a..", false),
        ("a.>", "a.b..c", false),
        ("a.>", "a.b.", false),
        ("*", "", false),
    ])
    func matches(pattern: String, subject: String, expected: Bool) throws {
        #expect(try SubjectPattern(parsing: pattern).matches(subject) == expected)
    }

    @Test(arguments: ["", "a..b", ".a", "a.", "a.>.b", "a*", "a.b>", "a b", "a.\t"])
    func rejectsInvalidPatterns(text: String) {
        #expect {
            try SubjectPattern(parsing: text)
        } throws: { ($0 as? SluiceError)?.code == .invalidSubjectPattern }
    }

    @Test func knowsLiteralPatterns() {
        #expect(SubjectPattern("a.b").isLiteral)
        #expect(!SubjectPattern("a.*").isLiteral)
        #expect(SubjectPattern("a.>").description == "a.>")
    }

    @Test func agreesWithANaiveMatcherOnRandomInput() async {
        let token = Gen.element(of: ["a", "b", "*", ">"]).compactMap { $0 }
        await propertyCheck(count: 500, input: token.array(of: 1...4), Gen.subjectTokens) { patternTokens, subject in
            guard let pattern = try? SubjectPattern(parsing: patternTokens.joined(separator: ".")) else { return }
            let subjectText = subject.joined(separator: ".")
            #expect(pattern.matches(subjectText) == naiveMatch(patternTokens, subject))
        }
    }

    @Test func wildcardingASubjectStillMatchesIt() async {
        await propertyCheck(count: 300, input: Gen.subjectTokens, Gen.int(in: 0...1000)) { tokens, seed in
            var pattern = tokens.enumerated().map { seed >> $0.offset & 1 == 1 ? "*" : $0.element }
            if seed % 3 == 0 { pattern = Array(pattern.prefix(max(1, tokens.count - 1))) + [">"] }
            let subject = tokens.joined(separator: ".")
            let matches = try SubjectPattern(parsing: pattern.joined(separator: ".")).matches(subject)
            #expect(matches == (pattern.last != ">" || tokens.count >= pattern.count))
        }
    }

    private func naiveMatch(_ pattern: [String], _ subject: [String]) -> Bool {
        guard let head = pattern.first else { return subject.isEmpty }
        if head == ">" { return !subject.isEmpty }
        guard let first = subject.first, head == "*" || head == first else { return false }
        return naiveMatch(Array(pattern.dropFirst()), Array(subject.dropFirst()))
    }
}

@Suite struct SubjectSelectorTests {
    private let selector = SubjectSelector(include: ["es.iconik.>"], exclude: ["es.iconik.logs", "es.iconik.temp"])

    @Test func exclusionsWin() {
        #expect(selector.matches("es.iconik.assets"))
        #expect(selector.matches("es.iconik.meta"))
        #expect(!selector.matches("es.iconik.logs"))
        #expect(!selector.matches("es.other.assets"))
    }

    @Test func emptyIncludeSelectsEverythingNotExcluded() {
        let selector = SubjectSelector(exclude: ["*.logs"])
        #expect(selector.matches("a.b"))
        #expect(!selector.matches("a.logs"))
    }

    @Test func decodesFromConfiguration() throws {
        let json = #"{"include":["es.iconik.>"],"exclude":["es.iconik.logs","es.iconik.temp"]}"#
        #expect(try JSONDecoder().decode(SubjectSelector.self, from: Data(json.utf8)) == selector)
        #expect(try JSONDecoder().decode(SubjectSelector.self, from: Data("{}".utf8)) == SubjectSelector())
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(SubjectSelector.self, from: Data(#"{"include":["a..b"]}"#.utf8))
        }
    }
}

@Suite struct SubjectValidationTests {
    @Test(arguments: ["a", "a.b.c", "dev.data.sync.app.crm.user.created", "é.ü"])
    func acceptsValidSubjects(subject: String) {
        #expect(Subject.isValid(subject))
    }

    @Test(arguments: ["", "a..b", "a.", ".a", "a.*", "a.>", "a b", "a\tb", "a.b*"])
    func rejectsInvalidSubjects(subject: String) {
        #expect {
            try Subject.validate(subject)
        } throws: { ($0 as? SluiceError)?.code == .invalidSubject }
    }
}
