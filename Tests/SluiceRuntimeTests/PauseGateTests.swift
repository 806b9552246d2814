import Testing

@testable import SluiceRuntime

@Suite(.timeLimit(.minutes(1))) struct PauseGateTests {
    @Test func anOpenGateLetsStagesThrough() async {
        let gate = PauseGate()
        await gate.wait()
        #expect(!gate.isPaused)
    }

    @Test func aPausedGateHoldsEveryStageUntilResumed() async {
        let gate = PauseGate()
        gate.pause()
        #expect(gate.isPaused)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 { group.addTask { await gate.wait() } }
            while gate.waiterCount < 3 { await Task.yield() }
            gate.resume()
            await group.waitForAll()
        }
        #expect(!gate.isPaused && gate.waiterCount == 0)
    }

    @Test func pausingAgainAfterAResumeHoldsTheNextWait() async {
        let gate = PauseGate()
        gate.pause()
        gate.resume()
        gate.pause()
        let stage = Task { await gate.wait() }
        while gate.waiterCount == 0 { await Task.yield() }
        gate.resume()
        await stage.value
        #expect(gate.waiterCount == 0)
    }
}
