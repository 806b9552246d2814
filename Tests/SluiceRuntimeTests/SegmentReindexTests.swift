import Foundation
import Logging
import NATSTestSupport
import SluiceCore
import SluiceIndex
import SluiceRuntime
import Testing

@testable import SluiceSearchIndexConnector

/// A segment index whose searchable fields change is rebuilt from the documents it stores, as the FTS5 index did.
@Suite struct SegmentReindexTests {
    static func envelope(_ id: String, version: Int64, _ eventType: String, _ payload: JSONValue = [:]) -> Envelope {
        Envelope(producer: "test", resourceType: "docs", resourceID: id, eventType: eventType, version: version, payload: payload)
    }

    static func open(_ root: String) async throws -> SegmentEmbeddedIndex {
        try await SegmentEmbeddedIndex.open(root: root, previous: nil, configuration: SegmentIndex.Configuration(), logger: Logger(label: "test"))
    }

    static func ids(_ index: SegmentEmbeddedIndex, _ query: String) async throws -> Set<String> {
        Set(try await index.search(SearchQuery(index: "docs", query: query, limit: 100)).hits.map(\.id))
    }

    @Test func newFieldsAreIndexedFromTheStoredDocumentsWithTheirVersionsAndDeletes() async throws {
        let directory = try TestDirectory.make(prefix: "segment-reindex")
        defer { TestDirectory.remove(directory) }
        let first = try await Self.open(directory)
        try await first.ensureIndex(name: "docs", fields: [.init(path: "title")])
        _ = try await first.apply(
            (0..<50).map { Self.envelope("d\($0)", version: 2, "created", ["title": .string("river \($0)"), "body": .string("lake \($0 % 5)")]) }
                + [Self.envelope("d7", version: 5, "deleted"), Self.envelope("gone", version: 9, "deleted")],
            to: "docs"
        )
        #expect(try await Self.ids(first, "lake").isEmpty, "body is not searchable yet")
        await first.close()

        let second = try await Self.open(directory)
        try await second.ensureIndex(name: "docs", fields: [.init(path: "title", weight: 2), .init(path: "body")])
        #expect(try await second.count(index: "docs") == 49)
        #expect(try await Self.ids(second, "lake 3") == Set([3, 8, 13, 18, 23, 28, 33, 38, 43, 48].map { "d\($0)" }))
        #expect(try await Self.ids(second, "river 7").isEmpty, "d7 stays deleted")
        // Deletes kept their versions: older writes stay ignored, newer ones count.
        _ = try await second.apply(
            [
                Self.envelope("d7", version: 4, "updated", ["title": "late", "body": "late"]),
                Self.envelope("gone", version: 8, "created", ["title": "late", "body": "late"]),
                Self.envelope("d1", version: 1, "updated", ["title": "old", "body": "old"]),
            ],
            to: "docs"
        )
        #expect(try await Self.ids(second, "late").isEmpty)
        #expect(try await Self.ids(second, "old").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: RebuildStaging.path(for: "\(directory)/docs")))
        #expect(!FileManager.default.fileExists(atPath: SegmentReindex.replaced("\(directory)/docs")))
        await second.close()
    }

    /// Index `docs` on `title` in `directory`, holding document `a` (`river`), closed.
    static func writeOneDocument(in directory: String) async throws {
        let index = try await open(directory)
        try await index.ensureIndex(name: "docs", fields: [.init(path: "title")])
        _ = try await index.apply([envelope("a", version: 1, "created", ["title": "river"])], to: "docs")
        await index.close()
    }

    @Test func searchesOfAnIndexBeingRebuiltAnswerUnavailable() async throws {
        let directory = try TestDirectory.make(prefix: "segment-reindex-search")
        defer { TestDirectory.remove(directory) }
        try await Self.writeOneDocument(in: directory)
        let reopened = try await Self.open(directory)
        reopened.rebuilding.withLock { _ = $0.insert("docs") }
        let error = await #expect(throws: OperationsError.self) { _ = try await Self.ids(reopened, "river") }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("being rebuilt") == true)
        reopened.rebuilding.withLock { _ = $0.remove("docs") }
        #expect(try await Self.ids(reopened, "river") == ["a"])
        await reopened.close()
    }

    @Test func aSwapInterruptedByACrashIsFinishedOrUndone() async throws {
        let directory = try TestDirectory.make(prefix: "segment-reindex-crash")
        defer { TestDirectory.remove(directory) }
        try await Self.writeOneDocument(in: directory)
        let docs = "\(directory)/docs"

        // The old index moved aside, the new one not yet in place: the old one comes back.
        try FileManager.default.moveItem(atPath: docs, toPath: SegmentReindex.replaced(docs))
        try FileManager.default.createDirectory(atPath: RebuildStaging.path(for: docs), withIntermediateDirectories: true)
        let reopened = try await Self.open(directory)
        #expect(try await Self.ids(reopened, "river") == ["a"])
        // A rebuild left half done is thrown away by the next one.
        try await reopened.ensureIndex(name: "docs", fields: [.init(path: "title"), .init(path: "body")])
        #expect(try await Self.ids(reopened, "river") == ["a"])
        await reopened.close()

        // The new index in place, the old one not yet removed: the old one goes.
        try FileManager.default.copyItem(atPath: docs, toPath: SegmentReindex.replaced(docs))
        let last = try await Self.open(directory)
        #expect(try await Self.ids(last, "river") == ["a"])
        #expect(!FileManager.default.fileExists(atPath: SegmentReindex.replaced(docs)))
        await last.close()
    }
}
