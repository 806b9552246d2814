import NATSTestSupport
import PostgresNIO
import SluiceBridgePostgres
import SluiceCore
import Testing

@Suite struct PostgresSchemaTests {
    @Test func migratingTwiceAppliesEachVersionOnce() async throws {
        try await PostgresBridge.with { bridge in
            // `with` migrated already.
            #expect(try await PostgresBridgeSchema.migrate(bridge.postgres) == [])
            let rows = try await bridge.postgres.query("SELECT version FROM jetstream_bridge_schema_migrations")
            var versions: [Int] = []
            for try await version in rows.decode(Int.self) { versions.append(version) }
            #expect(versions == [PostgresBridgeSchema.latestVersion])
        }
    }

    @Test func theScriptCreatesTheSameTablesAndRunsTwice() async throws {
        try await TestPostgresServer.withServer { server in
            let psql = try #require(server.programPath("psql"))
            for _ in 0..<2 {
                let result = try await server.runSQL(PostgresBridgeSchema.script, psql: psql)
                #expect(result.status == 0, "\(result.output)")
            }
            let columns = try await server.runSQL(
                "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'jetstream_outbox_events'",
                psql: psql
            )
            #expect(
                columns.output.contains(
                    "id,event_id,resource_type,resource_id,event_type,payload,trace_id,occurred_at,published_at,attempts,last_error,next_attempt_at,created_at,updated_at"
                )
            )
        }
    }

    @Test func rowsWrittenWithPlainSQLGetAULIDEventID() async throws {
        try await PostgresBridge.with { bridge in
            try await bridge.postgres.query(
                "INSERT INTO jetstream_outbox_events (resource_type, resource_id, event_type, payload) VALUES ('user', '1', 'created', '{\"a\":1}')"
            )
            let rows = try await bridge.postgres.query("SELECT event_id FROM jetstream_outbox_events")
            var ids: [String] = []
            for try await id in rows.decode(String.self) { ids.append(id) }
            #expect(ids.count == 1)
            let ulid = try #require(ULID(string: ids[0]))
            #expect(ulid.description == ids[0])
            #expect(abs(ulid.timestamp.timeIntervalSinceNow) < 3600)
        }
    }
}
