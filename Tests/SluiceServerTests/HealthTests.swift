import HummingbirdTesting
import NIOCore
import SluiceRuntime
import SluiceServer
import Testing

@Suite struct HealthTests {
    @Test func healthzAnswersOK() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(response.contentType == "application/json; charset=utf-8")
            #expect(String(buffer: response.body) == "{\"status\":\"ok\"}\n")
        }
    }

    @Test func readyzWhenReady() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client in
            let response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .ok)
            let body = try response.object()
            #expect(body["status"] as? String == "ready")
            #expect(body["ready"] as? Bool == true)
            #expect(body["degraded"] as? Bool == false)
            #expect((body["reasons"] as? [String])?.isEmpty == true)
        }
    }

    @Test func readyzWhenDegradedIsStillOK() async throws {
        let operations = TestServer.makeOperations()
        await operations.setReadiness(Readiness(ready: true, degraded: true, reasons: ["orders: lag 5000 > 1000"]))
        try await TestServer.withClient(operations) { client in
            let response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .ok)
            let body = try response.json(ReadinessBody.self)
            #expect(body.status == "degraded")
            #expect(body.degraded)
            #expect(body.reasons == ["orders: lag 5000 > 1000"])
        }
    }

    @Test func readyzWhenNotReadyIs503WithReasons() async throws {
        let operations = TestServer.makeOperations()
        await operations.setReadiness(Readiness(ready: false, degraded: true, reasons: ["nats: not connected", "broken: failed"]))
        try await TestServer.withClient(operations) { client in
            let response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .serviceUnavailable)
            let body = try response.json(ReadinessBody.self)
            #expect(body.status == "not_ready")
            #expect(!body.ready)
            #expect(!body.degraded)
            #expect(body.reasons == ["nats: not connected", "broken: failed"])
        }
    }
}
