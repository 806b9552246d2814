extension BridgeConfiguration {
    /// Checks that the names make valid subjects and the limits are usable.
    /// - Throws: ``BridgeError`` with code ``BridgeError/Code/invalidConfiguration`` naming the setting.
    public func validate() throws(BridgeError) {
        for (name, value) in [("env", env), ("app_name", appName), ("destination_app", destinationApp)] {
            guard Self.isToken(value) else {
                throw BridgeError(.invalidConfiguration, "\(name) must be one subject token (no dots, spaces, * or >), got '\(value)'")
            }
        }
        guard !natsURLs.isEmpty else { throw BridgeError(.invalidConfiguration, "nats_urls needs at least one URL") }
        guard maxDeliver >= 1 else { throw BridgeError(.invalidConfiguration, "max_deliver must be at least 1, got \(maxDeliver)") }
        guard ackWait > .zero else { throw BridgeError(.invalidConfiguration, "ack_wait must be positive") }
        guard duplicateWindow >= .seconds(120) else {
            throw BridgeError(
                .invalidConfiguration,
                "the duplicate window must be at least 2 minutes, so a restarted relay never stores an event twice"
            )
        }
    }

    /// Whether `text` can be one token of a subject.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: ">") || $0 <= 0x20 }
    }
}
