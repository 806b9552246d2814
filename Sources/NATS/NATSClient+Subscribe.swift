import NIOCore

extension NATSClient {
    /// Subscribes to a subject (wildcards `*` and `>` allowed), optionally in a queue group whose
    /// members share the messages.
    ///
    /// - Parameter limits: messages and bytes held for a slow consumer before new ones are dropped.
    public func subscribe(_ subject: String, queue: String? = nil, limits: NATSPendingLimits = .default) async throws -> NATSSubscription {
        try SubjectValidation.validateSubscribe(subject)
        if let queue { try SubjectValidation.validateQueue(queue) }
        let buffer = SubscriptionBuffer(limits: limits)
        let sid = try addSubscription(subject: subject, queue: queue, sink: .buffer(buffer))
        return NATSSubscription(subject: subject, queue: queue, sid: sid, buffer: buffer, client: self)
    }

    /// Registers a subscription and sends `SUB` (a reconnect sends it for every registered subscription); returns its sid.
    func addSubscription(subject: String, queue: String?, sink: ClientState.Subscription.Sink) throws -> UInt64 {
        var sid: UInt64 = 0
        _ = try enqueue { state in
            sid = state.nextSID
            state.nextSID += 1
            state.subscriptions[sid] = ClientState.Subscription(subject: subject, queue: queue, sink: sink)
            if state.isConnected {
                ClientOpEncoder.subscribe(subject: subject, queue: queue, sid: sid, into: &state.outbound)
            }
        }
        return sid
    }

    /// Removes a subscription now, or after `maxMessages` deliveries in all.
    func unsubscribe(sid: UInt64, after maxMessages: Int?) throws {
        var removed: ClientState.Subscription?
        _ = try enqueue { state in
            guard var subscription = state.subscriptions[sid] else { return }
            if let maxMessages, maxMessages > subscription.delivered {
                subscription.maxMessages = maxMessages
                state.subscriptions[sid] = subscription
            } else {
                removed = state.subscriptions.removeValue(forKey: sid)
            }
            if state.isConnected {
                ClientOpEncoder.unsubscribe(sid: sid, max: removed == nil ? maxMessages : nil, into: &state.outbound)
            }
        }
        if let removed, case .buffer(let buffer) = removed.sink { buffer.finish() }
    }

    /// Delivers a message that arrived for `sid`; runs on the event loop. Consumers are woken when `batch` is.
    func deliver(_ inbound: InboundMessage, batch: inout DeliveryBatch) {
        let target: (sink: ClientState.Subscription.Sink, subject: String, last: Bool)? = state.withLock { state in
            guard let index = state.subscriptions.index(forKey: inbound.sid) else { return nil }
            let target = state.subscriptions.values[index].recordDelivery()  // in place: no copy of the subscription
            if target.last { state.subscriptions.remove(at: index) }
            return target
        }
        guard let target else { return }
        switch target.sink {
        case .callback(let callback):
            callback(inbound.message)
        case .buffer(let buffer):
            batch.add(buffer)
            if case .dropped(firstDrop: true, let total) = buffer.enqueue(inbound.message) {
                logger.warning("slow consumer: dropping messages", metadata: ["subject": "\(target.subject)", "dropped": "\(total)"])
                emit(.slowConsumer(subject: target.subject, dropped: total))
            }
            if target.last { buffer.finish() }
        }
    }

    /// Ends the subscriptions on `subject` with a permission violation (the server refused them).
    func failSubscriptions(subject: String, error: NATSError) {
        let removed: [ClientState.Subscription] = state.withLock { state in
            let sids = state.subscriptions.filter { $0.value.subject == subject }.map(\.key)
            return sids.compactMap { state.subscriptions.removeValue(forKey: $0) }
        }
        for subscription in removed {
            if case .buffer(let buffer) = subscription.sink { buffer.finish(error: error) }
        }
    }
}
