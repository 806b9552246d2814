import NATSTestSupport
import SluiceCore
import SluiceIndex
import Testing

@testable import SluiceSearchIndexConnector

/// Envelopes applied to a segment index, each made into its change on the writer of its shard: every envelope gets
/// its own answer, in order, whichever shard it went to.
@Suite struct SegmentDocumentApplyTests {
    static func envelope(_ id: String, version: Int64, _ payload: JSONValue = [:], event eventType: String = "created") -> Envelope {
        Envelope(producer: "test", resourceType: "docs", resourceID: id, eventType: eventType, version: version, payload: payload)
    }

    @Test func eachEnvelopeIsAppliedOrRejectedInItsPlace() async throws {
        let directory = try TestDirectory.make(prefix: "segment-document-apply")
        defer { TestDirectory.remove(directory) }
        var configuration = SegmentIndex.Configuration()
        configuration.shards = 3
        let index = try SegmentIndex.open(directory: directory, fields: [IndexField("title"), IndexField("tags")], configuration: configuration)
        defer { index.close() }
        var envelopes = (0..<300).map { Self.envelope("d\($0)", version: 1, ["title": .string("river \($0)"), "tags": ["a", "b"]]) }
        envelopes[10] = Self.envelope("", version: 1, ["title": "nameless"])
        envelopes[20] = Self.envelope("d20", version: 1, .array(["not", "an", "object"]))
        envelopes[30] = Self.envelope(String(repeating: "x", count: 513), version: 1, ["title": "long"])
        envelopes[40] = Self.envelope("d41", version: 9, ["title": "lake newest"])  // beats d41 at version 1, later in the batch
        envelopes[50] = Self.envelope("d5", version: 3, event: "deleted")

        let rejections = try await SegmentDocument.apply(envelopes, to: index, fieldPaths: ["title", "tags"])
        #expect(rejections.count == envelopes.count)
        #expect(rejections[10]?.reason == "the document id is empty")
        #expect(rejections[20]?.reason == "the payload of a 'created' event is not a JSON object")
        #expect(rejections[30]?.reason == "the document id is longer than 512 bytes")
        #expect(rejections.enumerated().filter { $0.element != nil }.map(\.offset) == [10, 20, 30])

        #expect(try index.get(id: "d41")?.version == 9)
        #expect(try await index.search("lake").hits.map(\.id) == ["d41"])
        #expect(try index.get(id: "d5") == nil)
        #expect(try index.get(id: "d20") == nil)
        #expect(try index.get(id: "d299")?.source == Array(#"{"title":"river 299","tags":["a","b"]}"#.utf8))
        // Of d0…d299: d10, d20, d30, d40 and d50 were not written (their places hold the rejected envelopes, d41's
        // newer write and d5's delete), and d5 is deleted; d41's newest version has no tags.
        #expect(index.count == 294)
        #expect(try await index.search("tags: a").total == 293)
    }
}
