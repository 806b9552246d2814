import SluiceYAML
import Testing

/// `Decodable` types read from YAML, and the coding paths of the errors that lead back to the node at fault.
@Suite struct YAMLDecoderTests {
    struct Settings: Decodable, Equatable {
        struct Pool: Decodable, Equatable {
            var concurrency: Int
            var rate: Double?
        }

        var name: String
        var enabled: Bool
        var ports: [UInt16]
        var pools: [String: Pool]
        var note: String?
        var limit: Int64?
    }

    @Test func decodesMappingsListsAndScalars() throws {
        let text = """
            name: "1"
            enabled: yes
            ports: [4222, 0x1F90]
            pools:
              orders: {concurrency: 1_000, rate: 2.5}
              mail:
                concurrency: 2
            note: ~
            """
        let settings = try YAMLDecoder().decode(Settings.self, from: text)
        #expect(
            settings
                == Settings(
                    name: "1",
                    enabled: true,
                    ports: [4222, 8080],
                    pools: ["orders": .init(concurrency: 1000, rate: 2.5), "mail": .init(concurrency: 2, rate: nil)],
                    note: nil,
                    limit: nil
                )
        )
    }

    @Test func errorsCarryThePathToTheNode() throws {
        let text = "name: a\nenabled: true\nports: [1]\npools:\n  orders: {concurrency: many}\n"
        let root = try #require(try YAMLNode.parse(text))
        do {
            _ = try YAMLDecoder().decode(Settings.self, from: root)
            Issue.record("decoded a bad concurrency")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.codingPath.map(\.stringValue) == ["pools", "orders", "concurrency"])
            #expect(root.node(at: context.codingPath).mark == YAMLMark(line: 5, column: 25))
            #expect(context.debugDescription == "expected an integer, found \"many\" at 5:25")
        }
    }

    @Test func missingKeysAndWrongShapesAreErrors() {
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(Settings.self, from: "name: a\n") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(Settings.self, from: "- a\n") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode([Int].self, from: "[1, x]") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode([Bool].self, from: "[maybe]") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode([UInt8].self, from: "[300]") }
        #expect(throws: YAMLError.self) { try YAMLDecoder().decode([Int].self, from: "[1, 2") }
    }
}
