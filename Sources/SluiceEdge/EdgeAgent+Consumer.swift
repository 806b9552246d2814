import JetStream

/// The consumer delivered a message the agent never received (a delivery sequence was skipped): the changes after it
/// must wait until it is read from the stream.
struct DeliveryGap: Error, CustomStringConvertible {
    var expected: UInt64
    var received: UInt64

    var description: String { "delivery \(expected) was not received (the next was \(received)); reading the gap from the stream" }
}

extension EdgeAgent {
    /// The durable consumer's configuration for `filters`, starting at `start`. Deliveries are not limited: the agent
    /// decides when a change goes to the dead letters (``EdgeConfig/maxDeliver`` attempts), so the server never drops
    /// one on its own. One acknowledgement settles a whole batch (`ack_policy: all`, see ``handle(_:)``).
    func consumerConfig(filters: [String], start: DeliverPolicy = .all) -> ConsumerConfig {
        var consumer = ConsumerConfig(
            durableName: config.consumerName,
            filterSubjects: filters,
            deliverPolicy: start,
            ackPolicy: .all,
            ackWait: config.ackWait,
            maxDeliver: -1,
            maxAckPending: config.maxAckPending,
            maxWaiting: 512
        )
        consumer.description = "edge sync of \(config.id)"
        consumer.replicas = config.consumerReplicas ?? 0
        return consumer
    }

    /// Creates the durable consumer, or updates it in place (keeping its position) when the products changed; stores
    /// that became kept are first filled from the stream.
    /// - Returns: `false` when no product keeps a store on this edge.
    func prepareConsumer() async throws -> Bool {
        let filters = products.filterSubjects(prefix: config.changesPrefix)
        guard !filters.isEmpty else { return false }
        let existing: ConsumerInfo?
        do {
            existing = try await context.consumerInfo(stream: config.stream, name: config.consumerName)
        } catch let error as JetStreamError where error.errorCode == .consumerNotFound {
            existing = nil
        }
        guard let existing else {
            try await context.createConsumer(stream: config.stream, config: consumerConfig(filters: filters))
            logger.info("consumer created", metadata: ["consumer": "\(config.consumerName)", "filters": "\(filters)"])
            return true
        }
        let old = Set(existing.config.allFilterSubjects)
        let unfilled = self.unfilled.withLock { $0 }
        let added = filters.filter { !old.contains($0) || unfilled.contains($0) }
        let wanted = consumerConfig(filters: filters, start: existing.config.deliverPolicy)
        if existing.config.ackPolicy != .all {
            self.unfilled.withLock { $0.formUnion(added) }
            try await replaceConsumer(existing, filters: filters)
        } else if old != Set(filters) || existing.config.maxDeliver != wanted.maxDeliver || existing.config.replicas != wanted.replicas {
            self.unfilled.withLock { $0.formUnion(added) }
            try await context.updateConsumer(stream: config.stream, config: wanted)
            logger.info("consumer updated", metadata: ["consumer": "\(config.consumerName)", "filters": "\(filters)"])
        }
        if !added.isEmpty {
            _ = try await applying.withLease { _ in try await self.fill(subjects: added) }
            self.unfilled.withLock { $0.subtract(added) }
        }
        return true
    }

    /// Replaces a consumer whose acknowledgement policy cannot be updated in place (one an earlier version created
    /// with explicit acknowledgements) by one starting after its ack floor: what it delivered without an
    /// acknowledgement comes again and is recognised as applied, and nothing after the floor is skipped.
    private func replaceConsumer(_ existing: ConsumerInfo, filters: [String]) async throws {
        let floor = existing.ackFloor.streamSequence
        try await context.deleteConsumer(stream: config.stream, name: config.consumerName)
        let start: DeliverPolicy = floor == 0 ? .all : .byStartSequence(floor + 1)
        try await context.createConsumer(stream: config.stream, config: consumerConfig(filters: filters, start: start))
        logger.notice(
            "consumer replaced to acknowledge by batch",
            metadata: ["consumer": "\(config.consumerName)", "from_seq": "\(floor + 1)", "filters": "\(filters)"]
        )
    }

    /// Applies, in stream order, every change the stream holds on `subjects` from sequence `from` up to `through` (the
    /// stream's last sequence now when `nil`), through a temporary consumer. Changes already applied are recognised and
    /// skipped, so the durable consumer delivering some of them again is harmless. The caller holds ``applying``.
    /// - Returns: How many changes were applied now.
    @discardableResult
    func fill(subjects: [String], from: UInt64 = 1, through: UInt64? = nil) async throws -> Int {
        guard !subjects.isEmpty else { return 0 }
        let last: UInt64
        if let through { last = through } else { last = try await context.streamInfo(config.stream).state.lastSequence }
        guard last >= from, last > 0 else { return 0 }
        var temporary = ConsumerConfig(
            durableName: nil,
            filterSubjects: subjects,
            deliverPolicy: from > 1 ? .byStartSequence(from) : .all,
            ackPolicy: .none
        )
        temporary.inactiveThreshold = .seconds(60)
        temporary.memoryStorage = true
        temporary.replicas = 1
        let info = try await context.createConsumer(stream: config.stream, config: temporary)
        let consumer = PullConsumer(context: context, stream: config.stream, name: info.name)
        var remaining = info.numPending
        let before = metrics.snapshot.applied
        while remaining > 0 {
            var items: [DeliveredChange] = []
            var reachedEnd = false
            for try await message in try await consumer.fetch(batch: 1000, expires: .seconds(2)) {
                let metadata = try message.metadata()
                remaining = metadata.numPending
                if metadata.streamSequence >= last { reachedEnd = true }
                guard metadata.streamSequence <= last else { continue }
                let change: TupleChange
                do {
                    change = try decode(message)
                } catch {
                    let reason = "cannot decode the change: \(error)"
                    guard await giveUp(message, metadata: metadata, storeID: nil, reason: reason) else {
                        throw UnsettledDelivery(sequence: metadata.streamSequence)
                    }
                    continue
                }
                guard products.shouldSync(store: change.storeID, objectType: change.objectType) else { continue }
                items.append(DeliveredChange(message: message, sequence: metadata.streamSequence, change: change, acknowledged: false))
            }
            try await apply(items)
            if reachedEnd { break }
        }
        try? await context.deleteConsumer(stream: config.stream, name: info.name)
        let filled = metrics.snapshot.applied - before
        logger.info(
            "changes filled from the stream",
            metadata: ["subjects": "\(subjects)", "from": "\(from)", "through": "\(last)", "changes": "\(filled)"]
        )
        return filled
    }

    /// Pulls from the durable consumer and applies what arrives, batch after batch, until pulling fails.
    ///
    /// Changes the consumer delivered before and that are not acknowledged (to an agent that was killed, or lost on the
    /// way) would come again only after their ack wait, behind newer ones; so first the range between the consumer's
    /// ack floor and its last delivery is read from the stream and applied in order, and then every delivery must
    /// follow the one before it (no delivery sequence skipped), else pulling starts over with that step.
    func consume() async throws {
        let info = try await context.consumerInfo(stream: config.stream, name: config.consumerName)
        // A consumer that starts at a sequence reports its floor as 0 until it acknowledges something.
        var from = info.ackFloor.streamSequence + 1
        if case .byStartSequence(let start) = info.config.deliverPolicy { from = max(from, start) }
        if info.delivered.streamSequence >= from {
            _ = try await applying.withLease { _ in
                try await self.fill(subjects: info.config.allFilterSubjects, from: from, through: info.delivered.streamSequence)
            }
        }
        let consumer = PullConsumer(context: context, stream: config.stream, name: config.consumerName)
        var options = PullConsumeOptions(maxMessages: config.maxAckPending, expires: .seconds(5))
        options.idleHeartbeat = .seconds(2)
        let messages = try await consumer.messages(options: options)
        let buffer = MessageBuffer<JetStreamMessage>()
        try await withTaskCancellationHandler {
            do {
                try await pullAndApply(messages, buffer: buffer, firstDelivery: info.delivered.consumerSequence + 1)
            } catch {
                await release(buffer)
                throw error
            }
            await release(buffer)
        } onCancel: {
            messages.stop()
            buffer.finish()
        }
    }

    /// Pulls deliveries into `buffer` in one task, checking that none was skipped, and applies them batch after batch
    /// (``applyBatchSize`` at most) in another, until pulling ends or fails.
    private func pullAndApply(_ messages: PullMessages, buffer: MessageBuffer<JetStreamMessage>, firstDelivery: UInt64) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer {
                    messages.stop()
                    buffer.finish()
                }
                var next = firstDelivery
                for try await message in messages {
                    if let delivery = try? message.metadata().consumerSequence {
                        guard delivery == next else { throw DeliveryGap(expected: next, received: delivery) }
                        next = delivery + 1
                    }
                    buffer.append(message)
                }
            }
            let batchSize = applyBatchSize
            group.addTask {
                while !Task.isCancelled {
                    let batch = await buffer.take(max: batchSize)
                    if batch.isEmpty { return }
                    try await self.handle(batch)
                }
            }
            defer { group.cancelAll() }
            while try await group.next() != nil {}
        }
    }

    /// The most deliveries applied as one batch: half of ``EdgeConfig/maxAckPending`` (at most 1,000), so while a batch
    /// is applied the server has room to deliver the next one instead of waiting for its acknowledgements.
    var applyBatchSize: Int { max(1, min(1000, config.maxAckPending / 2)) }

    /// Hands back the deliveries taken from the consumer and not applied (the agent stops): asked for again at once, so
    /// the next pull gets them without waiting for their ack wait.
    private func release(_ buffer: MessageBuffer<JetStreamMessage>) async {
        for message in buffer.finishAndTakeAll() { try? await message.nak() }
    }
}
