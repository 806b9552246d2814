/// A point in time for driving the core's state machines in tests: an offset from an arbitrary zero.
struct TestInstant: InstantProtocol {
    var offset: Duration

    static let zero = TestInstant(offset: .zero)

    func advanced(by duration: Duration) -> TestInstant { TestInstant(offset: offset + duration) }

    func duration(to other: TestInstant) -> Duration { other.offset - offset }

    static func < (lhs: TestInstant, rhs: TestInstant) -> Bool { lhs.offset < rhs.offset }
}
