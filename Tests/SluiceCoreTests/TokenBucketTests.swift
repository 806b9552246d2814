import SluiceCore
import Testing

@Suite struct TokenBucketTests {
    private func at(milliseconds: Int) -> TestInstant { TestInstant.zero.advanced(by: .milliseconds(milliseconds)) }

    /// Which of `count` back-to-back acquisitions at `now` succeed.
    private func acquisitions(_ bucket: inout TokenBucket<TestInstant>, _ count: Int, at now: TestInstant) -> [Bool] {
        (0..<count).map { _ in bucket.tryAcquire(now: now) }
    }

    @Test func allowsABurstThenRefillsAtTheRate() throws {
        var bucket = TokenBucket(limit: try RateLimit(rate: 10, burst: 3), now: TestInstant.zero)
        #expect(acquisitions(&bucket, 4, at: .zero) == [true, true, true, false])
        #expect(acquisitions(&bucket, 2, at: at(milliseconds: 100)) == [true, false])
        let available = bucket.available(now: at(milliseconds: 10_000))
        #expect(available == 3)
    }

    @Test func reserveReturnsTheWaitAndKeepsTheRate() throws {
        var bucket = TokenBucket(limit: try RateLimit(rate: 100, burst: 1), now: TestInstant.zero)
        let waits = (0..<3).map { _ in bucket.reserve(now: .zero) }
        #expect(waits == [.zero, .milliseconds(10), .milliseconds(20)])
        let bigWait = bucket.reserve(50, now: at(milliseconds: 20))
        #expect(bigWait == .milliseconds(500))
        #expect(acquisitions(&bucket, 1, at: at(milliseconds: 500)) == [false])
        #expect(acquisitions(&bucket, 1, at: at(milliseconds: 530)) == [true])
    }

    @Test func askingForMoreThanTheBurstNeverSucceedsImmediately() throws {
        var bucket = TokenBucket(limit: try RateLimit(rate: 5), now: TestInstant.zero)
        #expect(bucket.limit.burst == 5)
        let granted = bucket.tryAcquire(6, now: at(milliseconds: 100_000))
        #expect(!granted)
    }

    @Test func ignoresTimeGoingBackwards() throws {
        var bucket = TokenBucket(limit: try RateLimit(rate: 1, burst: 1), now: at(milliseconds: 5000))
        #expect(acquisitions(&bucket, 1, at: .zero) == [true])
        #expect(acquisitions(&bucket, 1, at: at(milliseconds: 5000)) == [false])
        #expect(acquisitions(&bucket, 1, at: at(milliseconds: 6000)) == [true])
    }

    @Test func worksWithARealClock() throws {
        let clock = ContinuousClock()
        var bucket = TokenBucket(limit: try RateLimit(rate: 1000, burst: 10), now: clock.now)
        let granted = bucket.tryAcquire(10, now: clock.now)
        #expect(granted)
    }

    @Test(arguments: [(0.0, 1), (-1, 1), (.infinity, 1), (1, 0)] as [(Double, Int?)])
    func rejectsBadLimits(rate: Double, burst: Int?) {
        #expect {
            try RateLimit(rate: rate, burst: burst)
        } throws: { ($0 as? SluiceError)?.code == .invalidConfiguration }
    }
}
