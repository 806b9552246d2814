import FoundationEssentials
import JetStream
import NATS
import SluiceCore

extension Consumer {
    /// Handles one message: decode, run the handler with in-progress acknowledgements, then ack, nak or give up.
    func handle(_ message: JetStreamMessage) async {
        let metadata = try? message.metadata()
        let deliveries = Int(metadata?.numDelivered ?? 1)
        if let metadata { metrics.lag.record(Int64(metadata.numPending)) }
        let event: Envelope
        do {
            event = try Envelope.decode(message.payload.readableBytesView)
        } catch {
            await giveUp(
                message,
                reason: .malformed,
                error: "not an event envelope: \(error)",
                deliveries: deliveries,
                deadLetter: configuration.useDLQ
            )
            return
        }
        let bridgeMessage = BridgeMessage(
            event: event,
            subject: message.subject,
            deliveries: deliveries,
            streamSequence: metadata?.streamSequence ?? 0
        )
        let outcome: InboxOutcome
        do {
            outcome = try await withInProgress(message) { try await self.runHandler(bridgeMessage) }
        } catch {
            metrics.handlerErrors.increment()
            switch DeliveryPolicy(configuration).decide(error: error, deliveries: deliveries) {
            case .retry(let delay):
                logger.debug(
                    "handler failed, retrying",
                    metadata: ["event_id": "\(event.eventID)", "deliveries": "\(deliveries)", "error": "\(error)"]
                )
                do {
                    try await message.nak(delay: delay)
                } catch {
                    logger.warning("cannot nak; the server redelivers after the ack wait", metadata: ["error": "\(error)"])
                }
            case .giveUp(let reason, let deadLetter):
                await giveUp(message, reason: reason, error: "\(error)", deliveries: deliveries, deadLetter: deadLetter)
            }
            return
        }
        switch outcome {
        case .handled: metrics.handled.increment()
        case .duplicate: metrics.duplicates.increment()
        }
        do {
            // Confirmed by the server: once this returns, the message will not come again.
            try await message.ackSync()
        } catch {
            logger.warning("cannot ack; the server redelivers after the ack wait", metadata: ["error": "\(error)"])
        }
    }

    /// Runs `body`, sending an in-progress acknowledgement every third of the ack wait until it returns: one late
    /// tick (a busy machine, a slow network) still leaves a third of the wait before the server would redeliver.
    private func withInProgress<T: Sendable>(_ message: JetStreamMessage, _ body: () async throws -> T) async throws -> T {
        let interval = configuration.ackWait / 3
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while true {
                    try await Task.sleep(for: interval)
                    try? await message.inProgress()
                }
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Publishes the message to the DLQ subject (when `deadLetter`), then terminates it. When the DLQ publish fails,
    /// the message is nak'ed with the last backoff instead, so it is not lost.
    private func giveUp(
        _ message: JetStreamMessage,
        reason: DeliveryPolicy.GiveUpReason,
        error: String,
        deliveries: Int,
        deadLetter: Bool
    ) async {
        if deadLetter {
            do {
                try await publishDeadLetter(message, reason: reason, error: error, deliveries: deliveries)
                metrics.deadLettered.increment()
            } catch let failure {
                logger.error("cannot publish to the DLQ; retrying later", metadata: ["error": "\(failure)"])
                try? await message.nak(delay: configuration.backoffDelay(afterDelivery: .max))
                return
            }
        }
        logger.warning(
            "gave up on a message",
            metadata: ["subject": "\(message.subject)", "reason": "\(reason.rawValue)", "deliveries": "\(deliveries)", "error": "\(error)"]
        )
        do {
            try await message.term(reason: "\(reason.rawValue): \(Self.headerSafe(error))")
        } catch {
            logger.warning("cannot terminate; the server redelivers after the ack wait", metadata: ["error": "\(error)"])
        }
    }

    private func publishDeadLetter(_ message: JetStreamMessage, reason: DeliveryPolicy.GiveUpReason, error: String, deliveries: Int) async throws {
        var headers = NATSHeaders()
        headers[BridgeHeader.error] = Self.headerSafe(error)
        headers[BridgeHeader.reason] = reason.rawValue
        headers[BridgeHeader.originalSubject] = message.subject
        headers[BridgeHeader.deliveries] = String(deliveries)
        headers[BridgeHeader.consumer] = durableName
        headers[BridgeHeader.failedAt] = RFC3339.format(Date())
        let sequence = (try? message.metadata().streamSequence) ?? 0
        // One id per stored message: a dead letter published again (the term was lost) is dropped as a duplicate,
        // while the same event failing again after a replay (a new stream sequence) is kept.
        let options = PublishOptions(messageID: "dlq:\(configuration.streamName):\(sequence)")
        try await context.publish(configuration.dlqSubject, payload: message.payload, headers: headers, options: options)
    }

    /// Header values cannot hold line breaks; long texts are cut at 1,000 characters.
    static func headerSafe(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 }.prefix(1000))
    }
}
