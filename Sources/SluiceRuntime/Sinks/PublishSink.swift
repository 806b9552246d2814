import NIOCore
import SluiceCore

/// Re-publishes each record, one envelope per message, to a subject rendered from a template, through the
/// transport (JetStream, or the embedded queue in dev mode). `Nats-Msg-Id` is the event id, so a retried
/// batch is stored once.
struct PublishSink: RecordSink {
    let transport: any Transport
    let template: SubjectTemplate?
    let pipeline: String

    func prepare() async throws {}

    func write(_ records: [SinkRecord]) async throws -> [SinkResult] {
        var results: [SinkResult] = []
        var messages: [TransportOutgoingMessage] = []
        for record in records {
            let subject: String
            if let template {
                do {
                    subject = try template.render(record.envelope, variables: ["pipeline": pipeline])
                } catch let error as SluiceError {
                    results.append(.rejected("cannot render the publish subject: \(error.reason)"))
                    continue
                }
            } else {
                subject = record.subject
            }
            var headers: [String: String] = [:]
            if let trace = record.envelope.traceID { headers["traceparent"] = trace }
            if let receivedAt = record.receivedAt { headers[SluiceHeader.receivedAt] = receivedAt.headerValue }
            messages.append(
                TransportOutgoingMessage(
                    subject: subject,
                    payload: ByteBuffer(bytes: record.envelope.encoded()),
                    headers: headers,
                    messageID: record.envelope.eventID
                )
            )
            results.append(.delivered)
        }
        try await transport.publish(messages)
        return results
    }
}
