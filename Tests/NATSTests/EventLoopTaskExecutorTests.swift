import NATS
import NIOCore
import NIOPosix
import Testing

@Suite struct EventLoopTaskExecutorTests {
    @Test func aTaskPreferringTheExecutorRunsOnItsEventLoopAcrossSuspensions() async throws {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let executor = EventLoopTaskExecutor(eventLoop: eventLoop)
        let onLoop = await withTaskExecutorPreference(executor) {
            var onLoop: [Bool] = [eventLoop.inEventLoop]
            for _ in 0..<3 {
                await Task.yield()
                onLoop.append(eventLoop.inEventLoop)
                try? await Task.sleep(for: .milliseconds(1))
                onLoop.append(eventLoop.inEventLoop)
            }
            return onLoop
        }
        #expect(onLoop == Array(repeating: true, count: 7))
    }
}
