import PropertyBased
import SluiceCore
import Testing

@Suite struct SubjectTemplateTests {
    private let envelope = Envelope(
        eventID: "e1",
        producer: "gcp-es",
        resourceType: "assets",
        resourceID: "42",
        eventType: "deleted",
        occurredAt: "t",
        version: 17,
        payload: ["store_id": "s1", "object_type": "doc", "shard": 3, "o": [:]]
    )

    @Test func rendersTheSeedTemplates() throws {
        let bridge = try SubjectTemplate(
            "{env}.data.sync.{producer}.{destination}.{resource_type}.{event_type}",
            variables: ["env", "destination"]
        )
        #expect(
            try bridge.render(envelope, variables: ["env": "prod", "destination": "crm"])
                == "prod.data.sync.gcp-es.crm.assets.deleted"
        )
        #expect(try SubjectTemplate("es.{producer}.{resource_type}").render(envelope) == "es.gcp-es.assets")
        let rsfga = try SubjectTemplate("rsfga.changes.{payload.store_id}.{operation}.{payload.object_type}")
        #expect(try rsfga.render(envelope) == "rsfga.changes.s1.delete.doc")
        let mixed = try SubjectTemplate("v{version}.shard-{payload.shard}.{resource_id}")
        #expect(try mixed.render(envelope) == "v17.shard-3.42")
        #expect(mixed.placeholders == ["version", "payload.shard", "resource_id"])
    }

    @Test(arguments: [
        "", "a..b", ".a", "a.", "{unknown}.x", "a.{}", "a.{b", "a.b}", "a.{{b}}", "a.*", "a.>", "a b.{producer}",
        "a.{payload.}", "a.{payload.x..y}",
    ])
    func rejectsInvalidTemplates(text: String) {
        #expect {
            try SubjectTemplate(text)
        } throws: { ($0 as? SluiceError)?.code == .invalidTemplate }
    }

    @Test func namesTheKnownPlaceholdersWhenOneIsUnknown() {
        #expect {
            try SubjectTemplate("{env}.x")
        } throws: { ($0 as? SluiceError)?.reason.contains("unknown placeholder {env}") == true }
    }

    @Test(arguments: ["user profile", "a.b", "*", ">", "", "tab\t"])
    func rejectsRenderedValuesThatAreNotOneToken(value: String) throws {
        var envelope = envelope
        envelope.payload = ["store_id": .string(value)]
        let template = try SubjectTemplate("rsfga.{payload.store_id}")
        #expect {
            try template.render(envelope)
        } throws: { ($0 as? SluiceError)?.code == .invalidSubject }
        #expect(throws: SluiceError.self) {
            try SubjectTemplate("{env}.x", variables: ["env"]).render(envelope, variables: ["env": value])
        }
    }

    @Test func rejectsMissingOrIllTypedValues() throws {
        let template = try SubjectTemplate("{env}.{payload.o}", variables: ["env"])
        #expect {
            try template.render(envelope)
        } throws: { ($0 as? SluiceError)?.code == .invalidTemplate }
        #expect {
            try template.render(envelope, variables: ["env": "dev"])
        } throws: { ($0 as? SluiceError)?.reason.contains("is object") == true }
        #expect(throws: SluiceError.self) { try SubjectTemplate("{payload.missing}").render(envelope) }
    }

    @Test func derivesPatternsForStreams() throws {
        let bridge = try SubjectTemplate(
            "{env}.data.sync.{producer}.{destination}.{resource_type}.{event_type}",
            variables: ["env", "destination"]
        )
        #expect(try bridge.pattern(binding: ["env": "prod", "destination": "crm"]).description == "prod.data.sync.*.crm.*.*")
        #expect(try SubjectTemplate("es-{producer}.x").pattern().description == "*.x")
        #expect(throws: SluiceError.self) { try bridge.pattern(binding: ["env": "a.b"]) }
    }

    @Test func renderedSubjectsAreValidAndMatchTheTemplatePattern() async {
        let value = Gen.letterOrNumber.string(of: 1...6)
        let template = try! SubjectTemplate(
            "{env}.data.sync.{producer}.{destination}.{resource_type}.{event_type}",
            variables: ["env", "destination"]
        )
        await propertyCheck(count: 200, input: value, value, Gen.envelope) { env, destination, random in
            var envelope = random
            envelope.producer = env + "p"
            envelope.resourceType = destination + "r"
            envelope.eventType = "created"
            let subject = try template.render(envelope, variables: ["env": env, "destination": destination])
            #expect(subject == "\(env).data.sync.\(env)p.\(destination).\(destination)r.created")
            #expect(Subject.isValid(subject))
            #expect(try template.pattern().matches(subject))
            #expect(try template.pattern(binding: ["env": env]).matches(subject))
        }
    }

    @Test func renderingEitherSucceedsWithAValidSubjectOrRejects() async {
        let template = try! SubjectTemplate("es.{producer}.{resource_type}")
        await propertyCheck(count: 300, input: Gen.envelope) { envelope in
            do {
                let subject = try template.render(envelope)
                #expect(Subject.isValid(subject))
                #expect(subject == "es.\(envelope.producer).\(envelope.resourceType)")
            } catch let error as SluiceError {
                #expect(error.code == .invalidSubject)
                #expect(Subject.tokenProblem(envelope.producer) != nil || Subject.tokenProblem(envelope.resourceType) != nil)
            }
        }
    }
}
