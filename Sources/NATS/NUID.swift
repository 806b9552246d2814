import Synchronization

/// Unique tokens for inbox subjects: a random prefix and a sequence, in base 62.
final class NUID: Sendable {
    private static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    private let prefix: String
    private let sequence = Atomic<UInt64>(0)

    init() {
        var generator = SystemRandomNumberGenerator()
        prefix = String(decoding: (0..<12).map { _ in Self.digits[Int(generator.next(upperBound: UInt64(62)))] }, as: UTF8.self)
    }

    /// A token not returned before by this instance: 22 characters.
    func next() -> String {
        var value = sequence.add(1, ordering: .relaxed).newValue
        var suffix = [UInt8](repeating: Self.digits[0], count: 10)
        var index = 9
        while value > 0 && index >= 0 {
            suffix[index] = Self.digits[Int(value % 62)]
            value /= 62
            index -= 1
        }
        return prefix + String(decoding: suffix, as: UTF8.self)
    }
}
