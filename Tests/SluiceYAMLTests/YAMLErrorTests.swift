import SluiceYAML
import Testing

/// Texts the reader refuses, each with the position it names: invalid YAML, and YAML it leaves out.
@Suite struct YAMLErrorTests {
    static let cases: [(yaml: String, line: Int, column: Int, message: String)] = [
        ("a: 1\na: 2\n", 2, 1, "duplicate key 'a' (first at 1:1)"),
        ("m: {x: 1, \"x\": 2}", 1, 11, "duplicate key 'x'"),
        ("a: &anchor 1", 1, 4, "anchors (&name) are not supported"),
        ("a: *alias", 1, 4, "aliases (*name) are not supported"),
        ("a: !!str 1", 1, 4, "tags (!tag) are not supported"),
        ("? complex\n: key\n", 1, 1, "complex mapping keys (?) are not supported"),
        ("[a]: b", 1, 1, "a list or mapping as a mapping key is not supported"),
        ("a: 1\n---\nb: 2\n", 2, 1, "a second document"),
        ("%YAML 1.2\n---\na: 1", 1, 1, "directives (%YAML, %TAG) are not supported"),
        ("a: b: c", 1, 5, "a ': ' inside a plain value"),
        ("a: - b", 1, 4, "a list cannot start on the line of its key"),
        ("a: 1\n  b: 2\n", 2, 4, "a ': ' inside a plain value"),
        ("a:\n  b: 1\n c: 2\n", 3, 2, "unexpected indentation: expected a key at column 1"),
        ("a: 1\n- b\n", 2, 1, "a list item where a key of the mapping above was expected"),
        ("a: 1\nb\n", 2, 2, "expected ':' after the key 'b'"),
        ("a: \"open\n", 1, 4, "a quoted value without its closing \""),
        ("a: 'open", 1, 4, "a quoted value without its closing '"),
        ("a: [1, 2", 1, 4, "']' missing for the collection started at 1:4"),
        ("a: {b: 1", 1, 4, "'}' missing for the collection started at 1:4"),
        ("a: [\"x\" y]", 1, 9, "expected ',' or ']'"),
        ("a: [b: 1]", 1, 6, "a key: value pair inside [ ] needs braces"),
        ("a: \"\\q\"", 1, 5, "unknown escape \\q"),
        ("a: \"\\u12\"", 1, 5, "\\u needs 4 hexadecimal digits"),
        ("a:\n\tb: 1\n", 2, 1, "a tab in the indentation"),
        ("a: \"x\"#c", 1, 7, "unexpected text after the value"),
        ("a: [x] y", 1, 8, "unexpected text after the closing bracket"),
        ("a: |x\n  t\n", 1, 5, "unexpected text after the block scalar indicator"),
        ("a: |0\n  t\n", 1, 5, "a block scalar's indentation indicator is 1 to 9"),
        ("a: [|\n x]", 1, 5, "block scalars (| and >) cannot be inside [ ] or { }"),
        ("key\n  continued: 1\n", 1, 1, "a mapping key must fit on one line"),
        ("a: @x", 1, 4, "'@' cannot start a plain value; quote it"),
        ("a: ]", 1, 4, "unexpected ']'"),
        ("a:\t1", 1, 3, "a tab before a value"),
        ("-\tx", 1, 2, "a tab before a value"),
        ("a: {b:[1]}", 1, 6, "':' before a bracket or comma inside [ ] or { }"),
        ("a: [:x]", 1, 5, "':' cannot start a value inside [ ] or { }"),
        ("a: >\n  \tx\n", 2, 3, "a tab where a block scalar's indentation was expected"),
    ]

    @Test(arguments: cases) func refusesWithItsPosition(_ example: (yaml: String, line: Int, column: Int, message: String)) {
        do {
            let node = try YAMLNode.parse(example.yaml)
            Issue.record("\(example.yaml.debugDescription) read as \(node.map { Render.tree($0) } ?? "nil")")
        } catch {
            #expect(error.mark == YAMLMark(line: example.line, column: example.column), "\(example.yaml.debugDescription): \(error)")
            #expect(error.message.hasPrefix(example.message), "\(example.yaml.debugDescription): \(error)")
            #expect(error.description.hasPrefix("\(example.line):\(example.column): "))
        }
    }
}
