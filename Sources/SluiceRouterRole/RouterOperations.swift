import Hummingbird
import Prometheus
import SluiceRouter

/// The operations API of `sluice router`: `/healthz`, `/readyz`, `/metrics`.
struct RouterOperations: Sendable {
    let router: MessageRouter
    let registry: PrometheusCollectorRegistry

    func routes() -> Router<BasicRequestContext> {
        let routes = Router()
        routes.get("healthz") { _, _ in "ok\n" }
        routes.get("readyz") { _, _ -> Response in
            let text = "ready: \(router.queues.count) queues, \(router.pools.count) pools\n"
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        routes.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        return routes
    }
}
