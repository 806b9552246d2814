import EmbeddedNATS
import NATSTestSupport
import Testing

@Suite struct TestOSMemServerTests {
    @Test func twoServersAndARestartOnTheSamePort() async throws {
        let source = try await TestOSMemServer.start()
        let target = try await TestOSMemServer.start()
        do {
            #expect(source.port != target.port)
            #expect(await LoopbackProbe.httpGet(port: source.port, path: "/")?.body.contains("opensearch") == true)
            await target.stop(removingDirectory: false)
            #expect(!target.isRunning)
            #expect(await LoopbackProbe.isAccepting(port: target.port) == false)
            #expect(await LoopbackProbe.httpGet(port: source.port, path: "/")?.status == 200)
            try await target.start()
            #expect(target.isRunning)
            #expect(await LoopbackProbe.httpGet(port: target.port, path: "/")?.status == 200)
        } catch {
            await source.stop()
            await target.stop()
            throw error
        }
        await source.stop()
        await target.stop()
    }

    @Test func locatesTheBinary() async throws {
        let path = try await TestOSMemServer.locate()
        #expect(path.hasSuffix("osmem-server"))
    }
}
