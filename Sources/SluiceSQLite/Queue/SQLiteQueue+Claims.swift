import SQLiteNIO

extension SQLiteQueue {
    /// Claims `name` for `holder` until `lease` from now, for every process that opens this file: `true` when
    /// nobody held it, its claim had run out, or `holder` held it already (which renews the claim); `false` when
    /// another holder's claim has not run out.
    /// - Throws: ``SluiceSQLiteError/Code/invalidArgument`` for a lease that is not positive.
    public func claim(_ name: String, holder: String, lease: Duration) async throws -> Bool {
        guard lease > .zero else { throw SluiceSQLiteError(.invalidArgument, "a claim's lease must be positive, not \(lease)") }
        let now = nowMilliseconds
        return try await file.write { connection in
            let rows = try await connection.query(
                """
                INSERT INTO sluice_queue_claim (name, holder, expires_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE sluice_queue_claim.holder = excluded.holder OR sluice_queue_claim.expires_at <= ?
                RETURNING holder
                """,
                [.text(name), .text(holder), .integer(Int(now + lease.milliseconds)), .integer(Int(now))]
            )
            return !rows.isEmpty
        }
    }

    /// Ends `holder`'s claim on `name`; nothing changes when somebody else holds it or nobody does.
    public func releaseClaim(_ name: String, holder: String) async throws {
        try await file.write { connection in
            _ = try await connection.query("DELETE FROM sluice_queue_claim WHERE name = ? AND holder = ?", [.text(name), .text(holder)])
        }
    }
}
