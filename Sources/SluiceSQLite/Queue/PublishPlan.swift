/// Which messages of a publish are stored and which duplicate an earlier one.
struct PublishPlan {
    private enum Decision {
        case store
        case duplicateOfStored(Int64)
        case duplicateInBatch(Int)
    }

    private var decisions: [Decision] = []
    /// The indexes of the messages to store, in order.
    private(set) var stored: [Int] = []

    init(_ messages: [QueueOutgoingMessage], known: [String: Int64]) {
        var firstInBatch: [String: Int] = [:]
        for (index, message) in messages.enumerated() {
            if let id = message.messageID, let sequence = known[id] {
                decisions.append(.duplicateOfStored(sequence))
            } else if let id = message.messageID, let first = firstInBatch[id] {
                decisions.append(.duplicateInBatch(first))
            } else {
                if let id = message.messageID { firstInBatch[id] = index }
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
