import FoundationEssentials
import SluiceCore

extension OutgoingDeadLetter {
    /// The headers a dead letter carries in either transport: pipeline, error, original subject, deliveries, time.
    public var headers: [String: String] {
        [
            SluiceHeader.pipeline: pipeline,
            SluiceHeader.error: Self.headerSafe(reason),
            SluiceHeader.originalSubject: originalSubject,
            SluiceHeader.deliveries: String(deliveries),
            SluiceHeader.failedAt: RFC3339.format(Date()),
        ]
    }

    /// Header values cannot hold line breaks; long reasons are cut at 1,000 characters.
    static func headerSafe(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 }.prefix(1000))
    }
}
