import SluiceCore
import Testing

@Suite struct WakeSignalTests {
    @Test(.timeLimit(.minutes(1))) func aSignalGivenAfterTheGenerationWasReadIsNotMissed() async {
        let signal = WakeSignal()
        let generation = signal.generation
        signal.signal()
        // Would wait the whole hour if the signal were missed; the test's time limit catches that.
        await signal.wait(after: generation, timeout: .seconds(3600))
        #expect(signal.generation == generation + 1)
    }

    @Test(.timeLimit(.minutes(1))) func aWaiterWakesOnTheNextSignal() async {
        let signal = WakeSignal()
        let generation = signal.generation
        async let woken: Void = signal.wait(after: generation, timeout: .seconds(3600))
        while signal.waiterCount == 0 { await Task.yield() }
        signal.signal()
        await woken
        #expect(signal.waiterCount == 0)
    }

    @Test(.timeLimit(.minutes(1))) func everyWaiterWakes() async {
        let signal = WakeSignal()
        let generation = signal.generation
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<5 { group.addTask { await signal.wait(after: generation, timeout: .seconds(3600)) } }
            while signal.waiterCount < 5 { await Task.yield() }
            signal.signal()
            await group.waitForAll()
        }
        #expect(signal.waiterCount == 0)
    }

    @Test func withoutASignalTheWaitEndsAtTheTimeout() async {
        let signal = WakeSignal()
        await signal.wait(after: signal.generation, timeout: .milliseconds(20))
        #expect(signal.waiterCount == 0)
    }

    @Test(.timeLimit(.minutes(1))) func cancellationEndsTheWait() async {
        let signal = WakeSignal()
        let generation = signal.generation
        let waiter = Task { await signal.wait(after: generation, timeout: .seconds(3600)) }
        while signal.waiterCount == 0 { await Task.yield() }
        waiter.cancel()
        await waiter.value
        #expect(signal.waiterCount == 0)
    }
}
