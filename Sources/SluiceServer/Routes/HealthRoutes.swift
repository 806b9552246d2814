import Hummingbird
import SluiceRuntime

/// `GET /healthz` and `GET /readyz`.
struct HealthRoutes: Sendable {
    let operations: any SluiceOperations

    func add<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.get("healthz") { _, _ in
            try JSONResponse.make(HealthBody())
        }
        router.get("readyz") { _, _ in
            let body = ReadinessBody(await operations.readiness())
            return try JSONResponse.make(body, status: body.ready ? .ok : .serviceUnavailable)
        }
    }
}
