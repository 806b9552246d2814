import FoundationEssentials

extension ConsumerConfig: Codable {
    enum CodingKeys: String, CodingKey {
        case durableName = "durable_name"
        case name, description
        case deliverPolicy = "deliver_policy"
        case optStartSequence = "opt_start_seq"
        case optStartTime = "opt_start_time"
        case ackPolicy = "ack_policy"
        case ackWait = "ack_wait"
        case maxDeliver = "max_deliver"
        case backoff
        case filterSubject = "filter_subject"
        case filterSubjects = "filter_subjects"
        case replayPolicy = "replay_policy"
        case rateLimit = "rate_limit_bps"
        case sampleFrequency = "sample_freq"
        case maxWaiting = "max_waiting"
        case maxAckPending = "max_ack_pending"
        case flowControl = "flow_control"
        case idleHeartbeat = "idle_heartbeat"
        case headersOnly = "headers_only"
        case maxBatch = "max_batch"
        case maxExpires = "max_expires"
        case maxBytes = "max_bytes"
        case deliverSubject = "deliver_subject"
        case deliverGroup = "deliver_group"
        case inactiveThreshold = "inactive_threshold"
        case replicas = "num_replicas"
        case memoryStorage = "mem_storage"
        case metadata
        case pauseUntil = "pause_until"
        case priorityGroups = "priority_groups"
        case priorityPolicy = "priority_policy"
        case pinnedTTL = "priority_timeout"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        durableName = try c.decodeIfPresent(String.self, forKey: .durableName)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        let policy = try c.decode(String.self, forKey: .deliverPolicy, default: "all")
        switch policy {
        case "all", "": deliverPolicy = .all
        case "last": deliverPolicy = .last
        case "new": deliverPolicy = .new
        case "last_per_subject": deliverPolicy = .lastPerSubject
        case "by_start_sequence":
            deliverPolicy = .byStartSequence(try c.decode(UInt64.self, forKey: .optStartSequence, default: 0))
        case "by_start_time":
            guard let start = try c.decodeDateIfPresent(forKey: .optStartTime) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .optStartTime,
                    in: c,
                    debugDescription: "by_start_time without opt_start_time"
                )
            }
            deliverPolicy = .byStartTime(start)
        default:
            throw DecodingError.dataCorruptedError(forKey: .deliverPolicy, in: c, debugDescription: "unknown deliver policy \(policy)")
        }
        ackPolicy = try c.decode(AckPolicy.self, forKey: .ackPolicy, default: .explicit)
        ackWait = try c.decodeNanosecondsIfPresent(forKey: .ackWait)
        maxDeliver = try c.decodeIfPresent(Int.self, forKey: .maxDeliver)
        backoff = try c.decodeNanosecondsArray(forKey: .backoff)
        filterSubject = try c.decodeIfPresent(String.self, forKey: .filterSubject)
        filterSubjects = try c.decode([String].self, forKey: .filterSubjects, default: [])
        replayPolicy = try c.decode(ReplayPolicy.self, forKey: .replayPolicy, default: .instant)
        rateLimit = try c.decodeIfPresent(UInt64.self, forKey: .rateLimit)
        sampleFrequency = try c.decodeIfPresent(String.self, forKey: .sampleFrequency)
        maxWaiting = try c.decodeIfPresent(Int.self, forKey: .maxWaiting)
        maxAckPending = try c.decodeIfPresent(Int.self, forKey: .maxAckPending)
        flowControl = try c.decode(Bool.self, forKey: .flowControl, default: false)
        idleHeartbeat = try c.decodeNanosecondsIfPresent(forKey: .idleHeartbeat)
        headersOnly = try c.decode(Bool.self, forKey: .headersOnly, default: false)
        maxBatch = try c.decodeIfPresent(Int.self, forKey: .maxBatch)
        maxExpires = try c.decodeNanosecondsIfPresent(forKey: .maxExpires)
        maxBytes = try c.decodeIfPresent(Int.self, forKey: .maxBytes)
        deliverSubject = try c.decodeIfPresent(String.self, forKey: .deliverSubject)
        deliverGroup = try c.decodeIfPresent(String.self, forKey: .deliverGroup)
        inactiveThreshold = try c.decodeNanosecondsIfPresent(forKey: .inactiveThreshold)
        replicas = try c.decode(Int.self, forKey: .replicas, default: 0)
        memoryStorage = try c.decode(Bool.self, forKey: .memoryStorage, default: false)
        metadata = try c.decode([String: String].self, forKey: .metadata, default: [:])
        pauseUntil = try c.decodeDateIfPresent(forKey: .pauseUntil)
        priorityGroups = try c.decode([String].self, forKey: .priorityGroups, default: [])
        priorityPolicy = try c.decodeIfPresent(PriorityPolicy.self, forKey: .priorityPolicy)
        pinnedTTL = try c.decodeNanosecondsIfPresent(forKey: .pinnedTTL)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfNotEmpty(durableName, forKey: .durableName)
        try c.encodeIfNotEmpty(name, forKey: .name)
        try c.encodeIfNotEmpty(description, forKey: .description)
        try c.encode(deliverPolicy.jsonValue, forKey: .deliverPolicy)
        switch deliverPolicy {
        case .byStartSequence(let sequence): try c.encode(sequence, forKey: .optStartSequence)
        case .byStartTime(let date): try c.encodeDateIfPresent(date, forKey: .optStartTime)
        default: break
        }
        try c.encode(ackPolicy, forKey: .ackPolicy)
        try c.encodeNanosecondsIfSet(ackWait, forKey: .ackWait)
        if let maxDeliver, maxDeliver != 0 { try c.encode(maxDeliver, forKey: .maxDeliver) }
        try c.encodeNanosecondsIfNotEmpty(backoff, forKey: .backoff)
        try c.encodeIfNotEmpty(filterSubject, forKey: .filterSubject)
        try c.encodeIfNotEmpty(filterSubjects, forKey: .filterSubjects)
        try c.encode(replayPolicy, forKey: .replayPolicy)
        if let rateLimit, rateLimit != 0 { try c.encode(rateLimit, forKey: .rateLimit) }
        try c.encodeIfNotEmpty(sampleFrequency, forKey: .sampleFrequency)
        if let maxWaiting, maxWaiting != 0 { try c.encode(maxWaiting, forKey: .maxWaiting) }
        if let maxAckPending, maxAckPending != 0 { try c.encode(maxAckPending, forKey: .maxAckPending) }
        try c.encodeIfTrue(flowControl, forKey: .flowControl)
        try c.encodeNanosecondsIfSet(idleHeartbeat, forKey: .idleHeartbeat)
        try c.encodeIfTrue(headersOnly, forKey: .headersOnly)
        if let maxBatch, maxBatch != 0 { try c.encode(maxBatch, forKey: .maxBatch) }
        try c.encodeNanosecondsIfSet(maxExpires, forKey: .maxExpires)
        if let maxBytes, maxBytes != 0 { try c.encode(maxBytes, forKey: .maxBytes) }
        try c.encodeIfNotEmpty(deliverSubject, forKey: .deliverSubject)
        try c.encodeIfNotEmpty(deliverGroup, forKey: .deliverGroup)
        try c.encodeNanosecondsIfSet(inactiveThreshold, forKey: .inactiveThreshold)
        try c.encode(replicas, forKey: .replicas)
        try c.encodeIfTrue(memoryStorage, forKey: .memoryStorage)
        try c.encodeIfNotEmpty(metadata, forKey: .metadata)
        try c.encodeDateIfPresent(pauseUntil, forKey: .pauseUntil)
        try c.encodeIfNotEmpty(priorityGroups, forKey: .priorityGroups)
        if let priorityPolicy, priorityPolicy != .none { try c.encode(priorityPolicy, forKey: .priorityPolicy) }
        try c.encodeNanosecondsIfSet(pinnedTTL, forKey: .pinnedTTL)
    }
}
