import SluiceYAML
import Testing

/// Inputs and the trees they read as: every construct the reader supports.
@Suite struct YAMLParserTests {
    static let cases: [(yaml: String, tree: String)] = [
        ("a: 1", "{a: 1}"),
        ("a: 1\nb: two words\n", "{a: 1, b: two words}"),
        ("# only a comment\n\n", "nil"),
        ("", "nil"),
        ("---\na: 1\n", "{a: 1}"),
        ("--- # start\na: 1\n...\n", "{a: 1}"),
        ("plain scalar", "plain scalar"),
        ("a:\n  b:\n    c: d\n  e: f\n", "{a: {b: {c: d}, e: f}}"),
        ("- a\n- b\n", "[a, b]"),
        ("key:\n- a\n- b\nnext: c\n", "{key: [a, b], next: c}"),
        ("key:\n  - a\n  - b\n", "{key: [a, b]}"),
        ("- name: x\n  value: 1\n- name: y\n", "[{name: x, value: 1}, {name: y}]"),
        ("- - a\n  - b\n- c\n", "[[a, b], c]"),
        ("- \n- x\n-\n", "[<>, x, <>]"),
        ("a:\nb: ~\nc: null\n", "{a: <>, b: ~, c: null}"),
        ("a: [1, '2', \"3\", [], {}]", "{a: [1, '2', \"3\", [], {}]}"),
        ("a: {b: 1, 'c': [x, y], d: }", "{a: {b: 1, 'c': [x, y], d: <>}}"),
        ("a: {b, c: 1}", "{a: {b: <>, c: 1}}"),
        ("a: [\n  x,  # first\n  y,\n]\n", "{a: [x, y]}"),
        ("a: {\"k\":v, url: http://h:80/p}", "{a: {\"k\": v, url: http://h:80/p}}"),
        ("a: 'it''s'", "{a: 'it's'}"),
        ("a: 'one\n  two\n\n  three'", "{a: 'one two\\nthree'}"),
        (#"a: "tab\there \u00e9 \x41 \" \\ \/ end""#, "{a: \"tab\\there é A \" \\ / end\"}"),
        ("a: \"joined \\\n   line\"", "{a: \"joined line\"}"),
        ("a: plain\n  continued\n\n  paragraph\nb: x", "{a: plain continued\\nparagraph, b: x}"),
        ("a: x#not a comment # a comment", "{a: x#not a comment}"),
        ("a: b:c", "{a: b:c}"),
        ("url: http://127.0.0.1:9200", "{url: http://127.0.0.1:9200}"),
        ("a: |\n  one\n   two\n\n  three\n\nb: x", "{a: |\"one\\n two\\n\\nthree\\n\", b: x}"),
        ("a: |-\n  one\n  two\n", "{a: |\"one\\ntwo\"}"),
        ("a: |+\n  one\n\n\nb: x", "{a: |\"one\\n\\n\\n\", b: x}"),
        ("a: |2\n   lead\n  two\n", "{a: |\" lead\\ntwo\\n\"}"),
        ("a: >\n  folded\n  lines\n\n  para\n    kept\n  end\n", "{a: >\"folded lines\\npara\\n  kept\\nend\\n\"}"),
        ("a: >-\n  x\n  y\n", "{a: >\"x y\"}"),
        ("- |\n  in a list\n- b\n", "[|\"in a list\\n\", b]"),
        ("a: |  # comment\n  text\n", "{a: |\"text\\n\"}"),
        ("\"quoted key\": 1\n'other': 2\n", "{\"quoted key\": 1, 'other': 2}"),
        ("a:    # comment\n  b: 1\n", "{a: {b: 1}}"),
        ("a: 1 # trailing\n# between\nb: 2\n", "{a: 1, b: 2}"),
        ("a: -1\nb: -x\nc: ?y\nd: :z\n", "{a: -1, b: -x, c: ?y, d: :z}"),
        ("\u{FEFF}a: 1\r\nb: 2\r\n", "{a: 1, b: 2}"),
        ("a: 1\t# tab before a comment", "{a: 1}"),
        ("--- [a, b]", "[a, b]"),
    ]

    @Test(arguments: cases) func readsAs(_ example: (yaml: String, tree: String)) throws {
        let node = try YAMLNode.parse(example.yaml)
        #expect(node.map { Render.tree($0) } ?? "nil" == example.tree, "\(example.yaml.debugDescription)")
    }

    @Test func nodesKnowWhereTheyStart() throws {
        let text = """
            pipelines:
              - name: quick
                batch:
                  max_records: lots
                empty:
                flow: {a: "x", b: [1]}
                block: |
                  text
            """
        let root = try #require(try YAMLNode.parse(text))
        #expect(root.mark == YAMLMark(line: 1, column: 1))
        let list = try #require(root.mapping?["pipelines"])
        #expect(list.mark == YAMLMark(line: 2, column: 3))
        let pipeline = try #require(list.sequence?.first)
        #expect(pipeline.mark == YAMLMark(line: 2, column: 5))
        #expect(pipeline.mapping?["batch"]?.mark == YAMLMark(line: 4, column: 7))
        #expect(pipeline.mapping?["batch"]?.mapping?["max_records"]?.mark == YAMLMark(line: 4, column: 20))
        #expect(pipeline.mapping?["empty"]?.mark == YAMLMark(line: 5, column: 11))
        let flow = try #require(pipeline.mapping?["flow"])
        #expect(flow.mark == YAMLMark(line: 6, column: 11))
        #expect(flow.mapping?["a"]?.mark == YAMLMark(line: 6, column: 15))
        #expect(flow.mapping?["b"]?.sequence?.first?.mark == YAMLMark(line: 6, column: 24))
        #expect(pipeline.mapping?["block"]?.mark == YAMLMark(line: 7, column: 12))
        let keys = try #require(pipeline.mapping?.keys)
        #expect(keys.map(\.mark.column) == [5, 5, 5, 5, 5])
    }

    @Test func quotedScalarsStayStrings() throws {
        let root = try #require(try YAMLNode.parse("a: \"1\"\nb: 1\nc: '~'\nd: ~\ne: |\n  x\n"))
        let mapping = try #require(root.mapping)
        #expect(mapping["a"]?.scalar == YAMLScalar("1", style: .doubleQuoted))
        #expect(mapping["a"]?.scalar?.isQuoted == true)
        #expect(mapping["b"]?.scalar == YAMLScalar("1"))
        #expect(mapping["c"]?.isNull == false)
        #expect(mapping["d"]?.isNull == true)
        #expect(mapping["e"]?.scalar?.isQuoted == true)
    }
}
