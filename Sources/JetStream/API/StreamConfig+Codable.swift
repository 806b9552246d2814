extension StreamConfig: Codable {
    enum CodingKeys: String, CodingKey {
        case name, description, subjects, retention
        case maxConsumers = "max_consumers"
        case maxMessages = "max_msgs"
        case maxBytes = "max_bytes"
        case maxAge = "max_age"
        case maxMessagesPerSubject = "max_msgs_per_subject"
        case maxMessageSize = "max_msg_size"
        case discard
        case discardNewPerSubject = "discard_new_per_subject"
        case storage
        case replicas = "num_replicas"
        case noAck = "no_ack"
        case duplicateWindow = "duplicate_window"
        case placement, mirror, sources, sealed
        case denyDelete = "deny_delete"
        case denyPurge = "deny_purge"
        case allowRollup = "allow_rollup_hdrs"
        case compression
        case firstSequence = "first_seq"
        case subjectTransform = "subject_transform"
        case republish
        case allowDirect = "allow_direct"
        case mirrorDirect = "mirror_direct"
        case consumerLimits = "consumer_limits"
        case allowMessageTTL = "allow_msg_ttl"
        case subjectDeleteMarkerTTL = "subject_delete_marker_ttl"
        case allowMessageCounter = "allow_msg_counter"
        case allowAtomicPublish = "allow_atomic"
        case allowMessageSchedules = "allow_msg_schedules"
        case persistMode = "persist_mode"
        case metadata
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name, default: "")
        description = try c.decodeIfPresent(String.self, forKey: .description)
        subjects = try c.decode([String].self, forKey: .subjects, default: [])
        retention = try c.decode(RetentionPolicy.self, forKey: .retention, default: .limits)
        maxConsumers = try c.decode(Int.self, forKey: .maxConsumers, default: -1)
        maxMessages = try c.decode(Int64.self, forKey: .maxMessages, default: -1)
        maxBytes = try c.decode(Int64.self, forKey: .maxBytes, default: -1)
        maxAge = try c.decodeNanosecondsIfPresent(forKey: .maxAge) ?? .zero
        maxMessagesPerSubject = try c.decode(Int64.self, forKey: .maxMessagesPerSubject, default: -1)
        maxMessageSize = try c.decode(Int.self, forKey: .maxMessageSize, default: -1)
        discard = try c.decode(DiscardPolicy.self, forKey: .discard, default: .old)
        discardNewPerSubject = try c.decode(Bool.self, forKey: .discardNewPerSubject, default: false)
        storage = try c.decode(StorageType.self, forKey: .storage, default: .file)
        replicas = try c.decode(Int.self, forKey: .replicas, default: 1)
        noAck = try c.decode(Bool.self, forKey: .noAck, default: false)
        duplicateWindow = try c.decodeNanosecondsIfPresent(forKey: .duplicateWindow)
        placement = try c.decodeIfPresent(Placement.self, forKey: .placement)
        mirror = try c.decodeIfPresent(StreamSource.self, forKey: .mirror)
        sources = try c.decode([StreamSource].self, forKey: .sources, default: [])
        sealed = try c.decode(Bool.self, forKey: .sealed, default: false)
        denyDelete = try c.decode(Bool.self, forKey: .denyDelete, default: false)
        denyPurge = try c.decode(Bool.self, forKey: .denyPurge, default: false)
        allowRollup = try c.decode(Bool.self, forKey: .allowRollup, default: false)
        compression = try c.decode(StoreCompression.self, forKey: .compression, default: .none)
        firstSequence = try c.decodeIfPresent(UInt64.self, forKey: .firstSequence)
        subjectTransform = try c.decodeIfPresent(SubjectTransform.self, forKey: .subjectTransform)
        republish = try c.decodeIfPresent(Republish.self, forKey: .republish)
        allowDirect = try c.decode(Bool.self, forKey: .allowDirect, default: false)
        mirrorDirect = try c.decode(Bool.self, forKey: .mirrorDirect, default: false)
        consumerLimits = try c.decodeIfPresent(StreamConsumerLimits.self, forKey: .consumerLimits)
        if consumerLimits?.isEmpty == true { consumerLimits = nil }
        allowMessageTTL = try c.decode(Bool.self, forKey: .allowMessageTTL, default: false)
        subjectDeleteMarkerTTL = try c.decodeNanosecondsIfPresent(forKey: .subjectDeleteMarkerTTL)
        allowMessageCounter = try c.decode(Bool.self, forKey: .allowMessageCounter, default: false)
        allowAtomicPublish = try c.decode(Bool.self, forKey: .allowAtomicPublish, default: false)
        allowMessageSchedules = try c.decode(Bool.self, forKey: .allowMessageSchedules, default: false)
        persistMode = try c.decodeIfPresent(PersistMode.self, forKey: .persistMode)
        metadata = try c.decode([String: String].self, forKey: .metadata, default: [:])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfNotEmpty(description, forKey: .description)
        try c.encodeIfNotEmpty(subjects, forKey: .subjects)
        try c.encode(retention, forKey: .retention)
        try c.encode(maxConsumers, forKey: .maxConsumers)
        try c.encode(maxMessages, forKey: .maxMessages)
        try c.encode(maxBytes, forKey: .maxBytes)
        try c.encodeNanoseconds(maxAge, forKey: .maxAge)
        try c.encode(maxMessagesPerSubject, forKey: .maxMessagesPerSubject)
        try c.encode(maxMessageSize, forKey: .maxMessageSize)
        try c.encode(discard, forKey: .discard)
        try c.encodeIfTrue(discardNewPerSubject, forKey: .discardNewPerSubject)
        try c.encode(storage, forKey: .storage)
        try c.encode(replicas, forKey: .replicas)
        try c.encodeIfTrue(noAck, forKey: .noAck)
        try c.encodeNanosecondsIfSet(duplicateWindow, forKey: .duplicateWindow)
        try c.encodeIfPresent(placement, forKey: .placement)
        try c.encodeIfPresent(mirror, forKey: .mirror)
        try c.encodeIfNotEmpty(sources, forKey: .sources)
        try c.encodeIfTrue(sealed, forKey: .sealed)
        try c.encodeIfTrue(denyDelete, forKey: .denyDelete)
        try c.encodeIfTrue(denyPurge, forKey: .denyPurge)
        try c.encodeIfTrue(allowRollup, forKey: .allowRollup)
        if compression != .none { try c.encode(compression, forKey: .compression) }
        if let firstSequence, firstSequence != 0 { try c.encode(firstSequence, forKey: .firstSequence) }
        try c.encodeIfPresent(subjectTransform, forKey: .subjectTransform)
        try c.encodeIfPresent(republish, forKey: .republish)
        try c.encodeIfTrue(allowDirect, forKey: .allowDirect)
        try c.encodeIfTrue(mirrorDirect, forKey: .mirrorDirect)
        if let consumerLimits, !consumerLimits.isEmpty { try c.encode(consumerLimits, forKey: .consumerLimits) }
        try c.encodeIfTrue(allowMessageTTL, forKey: .allowMessageTTL)
        try c.encodeNanosecondsIfSet(subjectDeleteMarkerTTL, forKey: .subjectDeleteMarkerTTL)
        try c.encodeIfTrue(allowMessageCounter, forKey: .allowMessageCounter)
        try c.encodeIfTrue(allowAtomicPublish, forKey: .allowAtomicPublish)
        try c.encodeIfTrue(allowMessageSchedules, forKey: .allowMessageSchedules)
        if let persistMode, persistMode != .default { try c.encode(persistMode, forKey: .persistMode) }
        try c.encodeIfNotEmpty(metadata, forKey: .metadata)
    }
}
