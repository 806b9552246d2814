import Hummingbird
import Prometheus

/// `GET /metrics`: every metric in the registry, in the Prometheus text exposition format.
struct MetricsRoute: Sendable {
    let registry: PrometheusCollectorRegistry

    func add<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.get("metrics") { _, _ in
            let bytes = registry.emitToBuffer()
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
    }
}
