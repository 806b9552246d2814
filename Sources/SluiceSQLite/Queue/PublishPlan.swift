/// What a message is deduplicated on: its id on its subject.
struct DeduplicationKey: Hashable {
    var subject: String
    var messageID: String

    /// The key of `message`, or `nil` when it has no id.
    init?(_ message: QueueOutgoingMessage) {
        guard let id = message.messageID else { return nil }
        subject = message.subject
        messageID = id
    }

    init(subject: String, messageID: String) {
        self.subject = subject
        self.messageID = messageID
    }
}

/// Which messages of a publish are stored and which duplicate an earlier one (the same id on the same subject).
struct PublishPlan {
    private enum Decision {
        case store
        case duplicateOfStored(Int64)
        case duplicateInBatch(Int)
    }

    private var decisions: [Decision] = []
    /// The indexes of the messages to store, in order.
    private(set) var stored: [Int] = []

    init(_ messages: [QueueOutgoingMessage], known: [DeduplicationKey: Int64]) {
        var firstInBatch: [DeduplicationKey: Int] = [:]
        for (index, message) in messages.enumerated() {
            let key = DeduplicationKey(message)
            if let key, let sequence = known[key] {
                decisions.append(.duplicateOfStored(sequence))
            } else if let key, let first = firstInBatch[key] {
                decisions.append(.duplicateInBatch(first))
            } else {
                if let key { firstInBatch[key] = index }
                decisions.append(.store)
                stored.append(index)
            }
        }
    }

    /// The acknowledgements, given the sequences the stored messages got (in the order of ``stored``).
    func acknowledgements(storedSequences: [Int64]) -> [QueuePublishAck] {
        var sequenceOf: [Int: Int64] = [:]
        for (position, index) in stored.enumerated() { sequenceOf[index] = storedSequences[position] }
        return decisions.enumerated().map { index, decision in
            switch decision {
            case .store: QueuePublishAck(sequence: sequenceOf[index]!, duplicate: false)
            case .duplicateOfStored(let sequence): QueuePublishAck(sequence: sequence, duplicate: true)
            case .duplicateInBatch(let first): QueuePublishAck(sequence: sequenceOf[first]!, duplicate: true)
            }
        }
    }
}
