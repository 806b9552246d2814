import Testing

@testable import SluiceSQLite

@Suite struct SubjectFilterTests {
    @Test(arguments: [
        (">", "a", true),
        (">", "a.b.c", true),
        ("a.>", "a", false),
        ("a.>", "a.b", true),
        ("a.>", "a.b.c", true),
        ("a.>", "ab.c", false),
        ("a.*", "a.b", true),
        ("a.*", "a.b.c", false),
        ("a.*", "a", false),
        ("*.b.*", "x.b.y", true),
        ("*.b.*", "x.c.y", false),
        ("a.b", "a.b", true),
        ("a.b", "a.bc", false),
        ("a.b", "a.b.c", false),
        ("a.*.>", "a.b", false),
        ("a.*.>", "a.b.c.d", true),
    ])
    func matching(filter: String, subject: String, matches: Bool) throws {
        #expect(try SubjectFilter(filter).matches(subject) == matches)
    }

    @Test(arguments: ["", "a..b", ".a", "a.", "a.>.b", "a.b*", "a b", "a.>x"])
    func invalidFilters(filter: String) {
        #expect(throws: SluiceSQLiteError.self) { try SubjectFilter(filter) }
    }

    @Test(arguments: ["a.*", "a.>", "a..b", "", "a b"])
    func invalidSubjects(subject: String) {
        #expect(throws: SluiceSQLiteError.self) { try SubjectFilter.validate(subject: subject) }
    }
}
