import Foundation
import SluiceCore
import Testing

/// The configuration shapes of filters and transforms, through JSON (YAML decoders see the same containers).
@Suite struct StepCodingTests {
    private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    @Test func decodesEveryStepShape() throws {
        let json = """
            [
              {"subjects": {"include": ["es.iconik.>"], "exclude": ["es.iconik.logs"]}},
              {"operations": ["index", "update"]},
              {"where": {"path": "payload.status", "equals": "active"}},
              {"where": {"path": "resource_type", "in": ["assets", 1]}},
              {"where": {"path": "payload.deleted_at", "exists": false}},
              {"where": {"path": "resource_id", "prefix": "user-"}},
              {"set": {"path": "payload.source", "value": {"n": [1, 2.5, "gcp", null]}}},
              {"rename": {"from": "payload.a", "to": "payload.b"}},
              {"copy": {"from": "resource_id", "to": "payload.id"}},
              {"drop": {"path": "payload.secret"}},
              {"lowercase": {"path": "payload.email"}},
              {"trim": {"path": "payload.title"}},
              {"timestamp": {"path": "payload.indexed_at"}},
              {"timestamp": {"path": "payload.ms", "format": "unix_millis"}},
              {"validate": {"required": ["payload.id"], "types": {"payload.year": "integer"}}}
            ]
            """
        let steps = try decode(PipelineSteps.self, json)
        #expect(
            steps.steps == [
                .filter(.subjects(SubjectSelector(include: ["es.iconik.>"], exclude: ["es.iconik.logs"]))),
                .filter(.operations([.index, .update])),
                .filter(.field(FieldPredicate(path: "payload.status", .equals("active")))),
                .filter(.field(FieldPredicate(path: "resource_type", .oneOf(["assets", 1])))),
                .filter(.field(FieldPredicate(path: "payload.deleted_at", .exists(false)))),
                .filter(.field(FieldPredicate(path: "resource_id", .prefix("user-")))),
                .transform(.set(path: "payload.source", value: ["n": [1, 2.5, "gcp", nil]])),
                .transform(.rename(from: "payload.a", to: "payload.b")),
                .transform(.copy(from: "resource_id", to: "payload.id")),
                .transform(.drop(path: "payload.secret")),
                .transform(.lowercase(path: "payload.email")),
                .transform(.trim(path: "payload.title")),
                .transform(.timestamp(path: "payload.indexed_at", format: .rfc3339)),
                .transform(.timestamp(path: "payload.ms", format: .unixMilliseconds)),
                .transform(.validate(Schema(required: ["payload.id"], types: ["payload.year": .integer]))),
            ]
        )
        let reencoded = try JSONEncoder().encode(steps)
        #expect(try JSONDecoder().decode(PipelineSteps.self, from: reencoded) == steps)
    }

    @Test(arguments: [
        (#"[{"sett": {"path": "a"}}]"#, "exactly one of the keys"),
        (#"[{"set": {"path": "a", "value": 1}, "drop": {"path": "b"}}]"#, "found drop, set"),
        (#"[{"drop": {"path": "a..b"}}]"#, "JSON path \"a..b\""),
        (#"[{"where": {"path": "a", "equals": 1, "prefix": "x"}}]"#, "exactly one of equals, in, exists, prefix"),
        (#"[{"subjects": {"include": ["a.>.b"]}}]"#, "'>' before its last token"),
        (#"[{"operations": ["upsert"]}]"#, ""),
        (#"[{"validate": {"types": {"payload.x": "text"}}}]"#, ""),
        (#"[{"validate": {"types": {"payload..x": "string"}}}]"#, "JSON path"),
        (#"[{"timestamp": {"path": "a", "format": "iso"}}]"#, ""),
    ])
    func reportsConfigurationMistakes(json: String, message: String) {
        #expect {
            try decode(PipelineSteps.self, json)
        } throws: { error in
            guard let error = error as? DecodingError else { return false }
            return message.isEmpty || "\(error)".contains(message)
        }
    }
}
