import Hummingbird
import Prometheus
import SluiceBridge
import SluiceHTTPAuth

/// The operations API of `sluice outbox`: `/healthz`, `/readyz`, `/metrics`, answered only to a `Host` that names
/// this server (against DNS rebinding), as the operations API of the other roles.
struct OutboxOperations<Store: OutboxStore>: Sendable {
    let relay: OutboxRelay<Store>
    let registry: PrometheusCollectorRegistry
    /// The age of the oldest unpublished row past which the relay is not ready.
    let maxAge: Duration
    /// The `Host` and `Origin` names answered.
    let hostPolicy: HostPolicy

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.middlewares.add(HostPolicyMiddleware(hostPolicy))
        router.get("healthz") { _, _ in "ok\n" }
        router.get("readyz") { _, _ -> Response in
            let (status, text) = readiness()
            return Response(status: status, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        return router
    }

    /// `ready`, or `degraded` with the reason.
    func readiness() -> (HTTPResponse.Status, String) {
        guard let backlog = relay.backlog else { return (.serviceUnavailable, "starting: the outbox was not measured yet") }
        if backlog.oldestAge > maxAge {
            return (.serviceUnavailable, "degraded: the oldest unpublished row waits \(backlog.oldestAge) (> \(maxAge)); \(backlog.depth) rows")
        }
        return (.ok, "ready: \(backlog.depth) unpublished rows")
    }
}
