import JetStream

extension EdgeAgent {
    /// The durable consumer's configuration for `filters`.
    func consumerConfig(filters: [String]) -> ConsumerConfig {
        var consumer = ConsumerConfig(
            durableName: config.consumerName,
            filterSubjects: filters,
            deliverPolicy: .all,
            ackPolicy: .explicit,
            ackWait: config.ackWait,
            maxDeliver: config.maxDeliver,
            maxAckPending: config.maxAckPending,
            maxWaiting: 512
        )
        consumer.description = "edge sync of \(config.id)"
        return consumer
    }

    /// Creates the durable consumer, or updates its filters in place (keeping its position) when the products changed;
    /// stores that became kept are first filled from the stream.
    /// - Returns: `false` when no product keeps a store on this edge.
    func prepareConsumer() async throws -> Bool {
        let filters = config.products.filterSubjects(prefix: config.changesPrefix)
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
        let added = filters.filter { !old.contains($0) }
        if old != Set(filters) {
            try await context.updateConsumer(stream: config.stream, config: consumerConfig(filters: filters))
            logger.info("consumer filters updated", metadata: ["consumer": "\(config.consumerName)", "filters": "\(filters)"])
        }
        if !added.isEmpty { try await backfill(subjects: added) }
        return true
    }

    /// Applies every change the stream holds on `subjects`, up to its last sequence now, through a temporary consumer.
    /// Changes already applied are recognised and skipped, so the durable consumer delivering some of them again is
    /// harmless.
    func backfill(subjects: [String]) async throws {
        let last = try await context.streamInfo(config.stream).state.lastSequence
        guard last > 0 else { return }
        var temporary = ConsumerConfig(durableName: nil, filterSubjects: subjects, deliverPolicy: .all, ackPolicy: .none)
        temporary.inactiveThreshold = .seconds(60)
        temporary.memoryStorage = true
        temporary.replicas = 1
        let info = try await context.createConsumer(stream: config.stream, config: temporary)
        let consumer = PullConsumer(context: context, stream: config.stream, name: info.name)
        var remaining = info.numPending
        var filled = 0
        while remaining > 0 {
            var items: [SequencedChange] = []
            var reachedEnd = false
            for try await message in try await consumer.fetch(batch: 1000, expires: .seconds(2)) {
                let metadata = try message.metadata()
                remaining = metadata.numPending
                if metadata.streamSequence >= last { reachedEnd = true }
                guard metadata.streamSequence <= last, let change = try? decode(message),
                    config.products.shouldSync(store: change.storeID, objectType: change.objectType)
                else { continue }
                items.append(SequencedChange(sequence: metadata.streamSequence, change: change))
            }
            filled += try await store.apply(items).count
            if reachedEnd { break }
        }
        try? await context.deleteConsumer(stream: config.stream, name: info.name)
        metrics.record(applied: filled, duplicates: 0)
        logger.info("stores filled from the stream", metadata: ["subjects": "\(subjects)", "changes": "\(filled)"])
    }

    /// Pulls from the durable consumer and applies what arrives, batch after batch, until pulling fails.
    func consume() async throws {
        let consumer = PullConsumer(context: context, stream: config.stream, name: config.consumerName)
        var options = PullConsumeOptions(maxMessages: config.maxAckPending, expires: .seconds(5))
        options.idleHeartbeat = .seconds(2)
        let messages = try await consumer.messages(options: options)
        let buffer = MessageBuffer<JetStreamMessage>()
        try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { buffer.finish() }
                    for try await message in messages { buffer.append(message) }
                }
                group.addTask {
                    while true {
                        let batch = await buffer.take(max: 1000)
                        if batch.isEmpty { return }
                        await self.handle(batch)
                    }
                }
                try await group.waitForAll()
            }
        } onCancel: {
            messages.stop()
            buffer.finish()
        }
    }
}
