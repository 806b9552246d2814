import Foundation
import SluiceCore
import Testing

@Suite struct CircuitBreakerTests {
    private typealias Breaker = CircuitBreaker<TestInstant>

    private func permit(_ breaker: inout Breaker, at now: TestInstant) -> Breaker.Permit? {
        guard case .allowed(let permit) = breaker.acquire(now: now) else { return nil }
        return permit
    }

    private func at(_ seconds: Int) -> TestInstant { TestInstant.zero.advanced(by: .seconds(seconds)) }

    @Test func opensAfterConsecutiveFailuresAndRejectsWithTheTimeLeft() throws {
        var breaker = Breaker(configuration: try .init(failureThreshold: 3, openDuration: .seconds(30)))
        for _ in 0..<2 {
            let permit = try #require(permit(&breaker, at: at(0)))
            breaker.record(.failure, for: permit, now: at(0))
        }
        let success = try #require(permit(&breaker, at: at(0)))
        breaker.record(.success, for: success, now: at(0))  // resets the count
        for _ in 0..<3 {
            let permit = try #require(permit(&breaker, at: at(1)))
            breaker.record(.failure, for: permit, now: at(1))
        }
        #expect(breaker.state(at: at(1)) == .open(until: at(31)))
        let decision = breaker.acquire(now: at(11))
        #expect(decision == .rejected(retryAfter: .seconds(20)))
        #expect(breaker.state(at: at(31)) == .halfOpen)
    }

    @Test func halfOpenLetsALimitedNumberOfProbesThrough() throws {
        var breaker = Breaker(configuration: try .init(failureThreshold: 1, openDuration: .seconds(10), halfOpenProbes: 2, successThreshold: 2))
        breaker.record(.failure, for: try #require(permit(&breaker, at: at(0))), now: at(0))
        let first = try #require(permit(&breaker, at: at(10)))
        let second = try #require(permit(&breaker, at: at(10)))
        #expect(first.isProbe && second.isProbe)
        let third = breaker.acquire(now: at(10))
        #expect(third == .rejected(retryAfter: nil))
        breaker.record(.success, for: first, now: at(11))
        #expect(breaker.state(at: at(11)) == .halfOpen)
        let fourth = try #require(permit(&breaker, at: at(11)))
        breaker.record(.success, for: second, now: at(12))
        #expect(breaker.state(at: at(12)) == .closed)
        breaker.record(.failure, for: fourth, now: at(12))  // stale: from the half-open period
        #expect(breaker.state(at: at(12)) == .closed)
    }

    @Test func aFailedProbeOpensAgain() throws {
        var breaker = Breaker(configuration: try .init(failureThreshold: 1, openDuration: .seconds(10)))
        breaker.record(.failure, for: try #require(permit(&breaker, at: at(0))), now: at(0))
        let probe = try #require(permit(&breaker, at: at(10)))
        breaker.record(.failure, for: probe, now: at(12))
        #expect(breaker.state(at: at(12)) == .open(until: at(22)))
    }

    @Test func cancelledProbesFreeTheirSlot() throws {
        var breaker = Breaker(configuration: try .init(failureThreshold: 1, openDuration: .seconds(1)))
        breaker.record(.failure, for: try #require(permit(&breaker, at: at(0))), now: at(0))
        let probe = try #require(permit(&breaker, at: at(1)))
        let whileProbing = permit(&breaker, at: at(1))
        #expect(whileProbing == nil)
        breaker.record(.cancelled, for: probe, now: at(1))
        let afterCancel = permit(&breaker, at: at(1))
        #expect(afterCancel != nil)
    }

    @Test func slowResultsFromBeforeOpeningAreIgnored() throws {
        var breaker = Breaker(configuration: try .init(failureThreshold: 1, openDuration: .seconds(5)))
        let slow = try #require(permit(&breaker, at: at(0)))
        breaker.record(.failure, for: try #require(permit(&breaker, at: at(0))), now: at(0))
        breaker.record(.success, for: slow, now: at(1))
        #expect(breaker.state(at: at(1)) == .open(until: at(5)))
    }

    @Test func decodesItsConfiguration() throws {
        let json = #"{"failure_threshold": 3, "open_for": "1m"}"#
        let configuration = try JSONDecoder().decode(Breaker.Configuration.self, from: Data(json.utf8))
        #expect(configuration == (try .init(failureThreshold: 3, openDuration: .seconds(60))))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Breaker.Configuration.self, from: Data(#"{"half_open_probes": 0}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Breaker.Configuration.self, from: Data(#"{"open_for": "soon"}"#.utf8))
        }
    }
}
