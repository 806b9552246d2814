import Foundation
import SQLiteNIO
import SluiceCore
import SluiceSQLite

/// Opens a search index of `shards` files in a new directory, defines `definitions`, and closes it after `body`.
func withSearchIndex<T>(
    _ definitions: [SearchIndexDefinition] = [SearchIndexDefinition(name: "docs", fields: [SearchField("title", weight: 2), "body"])],
    shards: Int = 1,
    _ body: (SearchIndex, String) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory { directory in
        let path = directory + "/search.sqlite"
        var configuration = SearchIndex.Configuration()
        configuration.shards = shards
        // Well above what a test's queries take on a loaded machine; the budget's own tests set a small one per search.
        configuration.queryBudget = .seconds(60)
        let index = try await SearchIndex.open(path: path, configuration: configuration)
        do {
            for definition in definitions { try await index.ensureIndex(definition) }
            let value = try await body(index, path)
            try await index.close()
            return value
        } catch {
            try? await index.close()
            throw error
        }
    }
}

/// An envelope for resource `id` at `version`.
func change(_ id: String, version: Int64, _ eventType: String = "updated", payload: JSONValue = [:]) -> Envelope {
    Envelope(producer: "test", resourceType: "docs", resourceID: id, eventType: eventType, version: version, payload: payload)
}

/// An envelope that indexes a document with a title and a body.
func document(_ id: String, version: Int64 = 1, title: String, body: String = "") -> Envelope {
    change(id, version: version, "created", payload: ["title": .string(title), "body": .string(body)])
}

/// Runs one SQL statement on the file at `path`, outside any ``SearchIndex``.
func runSQLite(_ path: String, _ statement: String) async throws {
    let connection = try await SQLiteConnection.open(storage: .file(path: path))
    do {
        _ = try await connection.query(statement)
        try await connection.close()
    } catch {
        try? await connection.close()
        throw error
    }
}
