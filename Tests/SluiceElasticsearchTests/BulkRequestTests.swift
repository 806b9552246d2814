import NIOCore
import SluiceCore
import Testing

@testable import SluiceElasticsearch

@Suite struct BulkRequestTests {
    @Test func buildsNDJSONActionLines() {
        var bulk = BulkRequest()
        bulk.index(index: "assets", id: "42", version: 17, document: ["title": "heron", "n": 1])
        bulk.delete(index: "assets", id: "7", version: 1_767_225_600_000)
        bulk.index(index: "plain", id: "x", document: [:])
        bulk.delete(index: "gte", id: "y", version: -3, versionType: .externalGTE)
        #expect(bulk.count == 4)
        #expect(
            String(buffer: bulk.body) == """
                {"index":{"_index":"assets","_id":"42","version":17,"version_type":"external"}}
                {"title":"heron","n":1}
                {"delete":{"_index":"assets","_id":"7","version":1767225600000,"version_type":"external"}}
                {"index":{"_index":"plain","_id":"x"}}
                {}
                {"delete":{"_index":"gte","_id":"y","version":-3,"version_type":"external_gte"}}

                """
        )
        #expect(bulk.byteCount == bulk.body.readableBytes)
        bulk.removeAll()
        #expect(bulk.isEmpty && bulk.byteCount == 0)
    }

    @Test func escapesIdsAndKeepsRawSourcesOnOneLine() {
        var bulk = BulkRequest()
        bulk.index(index: "i", id: "a\"b\\c\nd\u{01}é", version: 0, source: Array("{\"a\":\n1}".utf8))
        #expect(
            String(buffer: bulk.body) == """
                {"index":{"_index":"i","_id":"a\\"b\\\\c\\nd\\u0001é","version":0,"version_type":"external"}}
                {"a": 1}

                """
        )
        let lines = String(buffer: bulk.body).split(separator: "\n")
        #expect(lines.count == 2)
        #expect((try? JSONValue.parse(Array(lines[0].utf8)))?["index"]?["_id"] == "a\"b\\c\nd\u{01}é")
    }

    @Test func versionsAtTheEdges() {
        for version in [Int64.max, Int64.min, 0, 9, 10, 99, 100] {
            var bulk = BulkRequest()
            bulk.delete(index: "i", id: "1", version: version)
            let line = String(buffer: bulk.body).dropLast()
            #expect((try? JSONValue.parse(Array(line.utf8)))?["delete"]?["version"] == .int(version))
        }
    }

    @Test func itemOutcomes() throws {
        func item(_ action: String, _ status: Int, error: Bool = false) throws -> BulkItem {
            var body: JSONObject = ["_index": "i", "_id": "1", "status": .int(Int64(status))]
            if error { body["error"] = ["type": "t", "reason": "r"] }
            return try BulkItem(json: .object(JSONObject([(action, .object(body))])))
        }
        #expect(try item("index", 201).outcome == .success)
        #expect(try item("index", 200).outcome == .success)
        #expect(try item("delete", 404).outcome == .success)
        #expect(try item("delete", 404, error: true).outcome == .permanent)
        #expect(try item("index", 404, error: true).outcome == .permanent)
        #expect(try item("index", 409, error: true).outcome == .conflict)
        #expect(try item("index", 429, error: true).outcome == .retryable)
        #expect(try item("index", 500, error: true).outcome == .retryable)
        #expect(try item("index", 503, error: true).outcome == .retryable)
        #expect(try item("index", 400, error: true).outcome == .permanent)
        #expect(try item("index", 400, error: true).error == BulkItemError(type: "t", reason: "r"))
        #expect(throws: ElasticsearchError.self) { try BulkItem(json: ["index": ["_id": "1"]]) }
    }
}
