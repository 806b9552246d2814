import SQLiteNIO
import SluiceBridge
import SluiceCore

extension Publisher {
    /// Writes an event into the outbox table on `connection`, inside the transaction the caller has open there: it is
    /// published by the outbox relay once that transaction commits, and never if it rolls back.
    ///
    /// ```swift
    /// try await database.withTransaction { connection in
    ///     _ = try await connection.query("UPDATE users SET name = ? WHERE id = ?", [.text(name), .integer(id)])
    ///     try await publisher.publish(resourceType: "user", resourceID: "\(id)", eventType: "updated",
    ///                                 payload: ["name": .string(name)], in: connection)
    /// }
    /// ```
    ///
    /// - Returns: The envelope the relay will publish (its `version` becomes the row's id).
    /// - Throws: ``SluiceBridge/BridgeError/Code/invalidSubject`` for a resource or event type that is not a subject
    ///   token, or the database's error.
    @discardableResult
    public func publish(
        resourceType: String,
        resourceID: String,
        eventType: String,
        payload: JSONValue = .object(JSONObject()),
        traceID: String? = nil,
        in connection: SQLiteConnection
    ) async throws -> Envelope {
        _ = try BridgeSubjects(configuration).publish(resourceType: resourceType, eventType: eventType)
        let envelope = configuration.makeEnvelope(
            resourceType: resourceType,
            resourceID: resourceID,
            eventType: eventType,
            payload: payload,
            traceID: traceID
        )
        _ = try await connection.query(
            """
            INSERT INTO jetstream_outbox_events (event_id, resource_type, resource_id, event_type, payload, trace_id, occurred_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(envelope.eventID), .text(resourceType), .text(resourceID), .text(eventType),
                .text(String(decoding: envelope.payload.serialized(), as: UTF8.self)), traceID.map { .text($0) } ?? .null,
                .text(envelope.occurredAt),
            ]
        )
        return envelope
    }
}
