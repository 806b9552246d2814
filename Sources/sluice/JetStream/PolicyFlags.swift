import ArgumentParser
import Foundation
import JetStream

/// `--storage file|memory`.
enum StorageFlag: String, ExpressibleByArgument, CaseIterable, Sendable {
    case file, memory

    var storage: StorageType { self == .file ? .file : .memory }
}

/// `--retention limits|workqueue|interest`.
enum RetentionFlag: String, ExpressibleByArgument, CaseIterable, Sendable {
    case limits, workqueue, interest

    var retention: RetentionPolicy {
        switch self {
        case .limits: .limits
        case .workqueue: .workQueue
        case .interest: .interest
        }
    }
}

/// `--discard old|new`.
enum DiscardFlag: String, ExpressibleByArgument, CaseIterable, Sendable {
    case old, new

    var discard: DiscardPolicy { self == .old ? .old : .new }
}

/// `--ack explicit|all|none`.
enum AckFlag: String, ExpressibleByArgument, CaseIterable, Sendable {
    case explicit, all, none

    var policy: AckPolicy {
        switch self {
        case .explicit: .explicit
        case .all: .all
        case .none: .none
        }
    }
}

/// `--deliver all|new|last|last-per-subject|<sequence>|<RFC 3339 time>`: where a consumer starts.
struct DeliverFlag: ExpressibleByArgument, Sendable, Hashable {
    /// The policy.
    var policy: DeliverPolicy

    init?(argument: String) {
        switch argument.lowercased() {
        case "all": policy = .all
        case "new": policy = .new
        case "last": policy = .last
        case "last-per-subject", "last_per_subject", "lastpersubject": policy = .lastPerSubject
        default:
            if let sequence = UInt64(argument), sequence > 0 {
                policy = .byStartSequence(sequence)
            } else if let date = Self.parseTime(argument) {
                policy = .byStartTime(date)
            } else {
                return nil
            }
        }
    }

    static var allValueStrings: [String] { ["all", "new", "last", "last-per-subject", "<start sequence>", "<RFC 3339 time>"] }

    private static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

/// How the CLI shows a deliver policy.
extension DeliverPolicy {
    var cliDescription: String {
        switch self {
        case .all: "all"
        case .new: "new"
        case .last: "last"
        case .lastPerSubject: "last-per-subject"
        case .byStartSequence(let sequence): "from sequence \(sequence)"
        case .byStartTime(let date): "from \(ISO8601DateFormatter().string(from: date))"
        }
    }
}
