import Foundation
import SluiceRuntime

extension InMemoryOperations {
    /// The cursor is the id of the previous page's last dead letter.
    func deadLetters(pipeline: String?, limit: Int, cursor: String?) throws(OperationsError) -> DeadLetterPage {
        if let pipeline { _ = try pipelineIndex(pipeline) }
        var newest = letters.reversed().filter { pipeline == nil || $0.pipeline == pipeline }
        if let cursor {
            guard let index = newest.firstIndex(where: { $0.id == cursor }) else { throw OperationsError(.badRequest, "unknown cursor \(cursor)") }
            newest = Array(newest[(index + 1)...])
        }
        let page = Array(newest.prefix(limit))
        return DeadLetterPage(letters: page, nextCursor: newest.count > limit ? page.last?.id : nil)
    }

    func deadLetter(id: String) -> DeadLetter? {
        letters.first { $0.id == id }
    }

    /// Takes the chosen dead letters out of the DLQ and delivers them again; those that fail again
    /// come back with one more delivery.
    func replayDeadLetters(pipeline: String?, ids: [String]?) throws(OperationsError) -> Int {
        let chosen: [DeadLetter]
        if let ids {
            let missing = ids.filter { id in !letters.contains { $0.id == id } }
            guard missing.isEmpty else {
                throw OperationsError(.notFound, "no dead letter with id \(missing.joined(separator: ", "))")
            }
            chosen = letters.filter { ids.contains($0.id) }
        } else if let pipeline {
            _ = try pipelineIndex(pipeline)
            chosen = letters.filter { $0.pipeline == pipeline }
        } else {
            throw OperationsError(.badRequest, "replay needs a pipeline or ids")
        }
        letters.removeAll { letter in chosen.contains { $0.id == letter.id } }
        for letter in chosen {
            let index = try pipelineIndex(letter.pipeline)
            guard case .success(let record) = Self.parse(Substring(letter.payload)) else { continue }
            deliver(record, text: letter.payload, pipeline: index, deliveries: letter.deliveries + 1)
        }
        return chosen.count
    }

    func purgeDeadLetters(pipeline: String?) throws(OperationsError) -> Int {
        if let pipeline { _ = try pipelineIndex(pipeline) }
        let before = letters.count
        letters.removeAll { pipeline == nil || $0.pipeline == pipeline }
        return before - letters.count
    }
}
