import Foundation
import SluiceCore
import Testing

@Suite struct PipelineStepsTests {
    private let envelope = Envelope(
        eventID: "e1",
        producer: "gcp-es",
        resourceType: "assets",
        resourceID: "user-42",
        eventType: "updated",
        occurredAt: "t",
        version: 1,
        payload: ["status": "active", "email": "  Ada@Example.COM ", "count": 3, "tags": ["A", "B"], "secret": "x"]
    )
    private let now = Date(timeIntervalSince1970: 1_795_428_000)

    private func keep(_ steps: [PipelineStep], subject: String? = nil) throws -> Envelope {
        guard case .keep(let kept) = PipelineSteps(steps).apply(envelope, subject: subject, now: now) else {
            Issue.record("expected the record to be kept")
            throw SluiceError(.transformFailed, "not kept")
        }
        return kept
    }

    private func outcome(_ steps: [PipelineStep], subject: String? = nil) -> StepOutcome {
        PipelineSteps(steps).apply(envelope, subject: subject, now: now)
    }

    @Test func keepsRecordsThatPassEveryFilter() throws {
        let kept = try keep(
            [
                .filter(.subjects(SubjectSelector(include: ["es.>"], exclude: ["es.*.logs"]))),
                .filter(.operations([.index, .update])),
                .filter(.field(FieldPredicate(path: "payload.status", .equals("active")))),
                .filter(.field(FieldPredicate(path: "payload.count", .equals(3.0)))),
                .filter(.field(FieldPredicate(path: "resource_type", .oneOf(["assets", "meta"])))),
                .filter(.field(FieldPredicate(path: "payload.deleted_at", .exists(false)))),
                .filter(.field(FieldPredicate(path: "payload.tags", .exists(true)))),
                .filter(.field(FieldPredicate(path: "resource_id", .prefix("user-")))),
            ],
            subject: "es.gcp-es.assets"
        )
        #expect(kept == envelope)
    }

    @Test func dropsWithTheFilterThatDidIt() {
        #expect(
            outcome([.filter(.subjects(SubjectSelector(exclude: ["es.*.assets"])))], subject: "es.x.assets")
                == .drop(reason: "subject es.x.assets is not selected by the subjects filter")
        )
        #expect(outcome([.filter(.operations([.delete]))]) == .drop(reason: "operation update is not one of [\"delete\"]"))
        #expect(
            outcome([.filter(.field(FieldPredicate(path: "payload.status", .equals("gone"))))])
                == .drop(reason: "the record does not satisfy payload.status equals \"gone\"")
        )
        #expect(outcome([.filter(.field(FieldPredicate(path: "payload.count", .prefix("3"))))]) != .keep(envelope))
    }

    @Test func subjectFiltersNeedASubject() {
        let steps = PipelineSteps([.filter(.subjects(SubjectSelector()))])
        #expect(steps.needsSubject)
        guard case .reject(let error) = steps.apply(envelope) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(error.code == .invalidSubject)
    }

    @Test func transformsFieldsInOrder() throws {
        let kept = try keep([
            .transform(.set(path: "payload.source", value: "gcp")),
            .transform(.rename(from: "payload.status", to: "payload.state")),
            .transform(.copy(from: "resource_id", to: "payload.id")),
            .transform(.drop(path: "payload.secret")),
            .transform(.trim(path: "payload.email")),
            .transform(.lowercase(path: "payload.email")),
            .transform(.lowercase(path: "payload.tags")),
            .transform(.timestamp(path: "payload.indexed_at", format: .rfc3339)),
            .transform(.timestamp(path: "payload.indexed_ms", format: .unixMilliseconds)),
            .transform(.timestamp(path: "payload.indexed_s", format: .unixSeconds)),
            .transform(.rename(from: "payload.missing", to: "payload.nothing")),
            .transform(.set(path: "resource_type", value: "documents")),
        ])
        #expect(kept.resourceType == "documents")
        #expect(
            kept.payload == [
                "email": "ada@example.com", "count": 3, "tags": ["a", "b"], "source": "gcp", "state": "active",
                "id": "user-42", "indexed_at": "2026-11-23T10:00:00.000Z", "indexed_ms": 1_795_428_000_000,
                "indexed_s": 1_795_428_000,
            ]
        )
    }

    @Test(arguments: [
        Transform.lowercase(path: "payload.count"),
        .set(path: "payload.email.x", value: 1),
        .set(path: "version", value: "high"),
        .drop(path: "resource_id"),
        .rename(from: "resource_id", to: "payload.id"),
    ])
    func rejectsTransformsThatCannotApply(transform: Transform) {
        guard case .reject(let error) = outcome([.transform(transform)]) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(error.code == .transformFailed)
    }

    @Test func validatesAgainstASchema() {
        let schema = Schema(
            required: ["payload.id", "payload.status", "payload.none"],
            types: ["payload.count": .string, "payload.tags": .array, "version": .number, "payload.none": .string]
        )
        var envelope = envelope
        envelope.payload[path: "none"] = JSONValue.null
        let outcome = PipelineSteps([.transform(.validate(schema))]).apply(envelope)
        #expect(
            outcome
                == .reject(
                    SluiceError(
                        .validationFailed,
                        "payload.id is required; payload.none is required, found null; payload.count must be string, "
                            + "found integer"
                    )
                )
        )
        #expect(PipelineSteps([.transform(.validate(Schema(required: ["payload.status"])))]).apply(envelope) == .keep(envelope))
    }

    @Test func stopsAtTheFirstDropOrReject() {
        let steps: [PipelineStep] = [
            .transform(.set(path: "payload.a", value: 1)),
            .filter(.operations([.delete])),
            .transform(.drop(path: "resource_id")),
        ]
        #expect(outcome(steps) == .drop(reason: "operation update is not one of [\"delete\"]"))
    }
}
