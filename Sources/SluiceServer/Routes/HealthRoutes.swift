import Hummingbird
import SluiceRuntime

/// `GET /healthz` and `GET /readyz`.
struct HealthRoutes: Sendable {
    let operations: any SluiceOperations

    func add(to router: Router<some RequestContext>) {
        router.get("healthz") { _, _ in
            try JSONResponse.make(HealthBody())
        }
        router.get("readyz") { _, _ in
            let body = ReadinessBody(await operations.readiness())
            return try JSONResponse.make(body, status: body.ready ? .ok : .serviceUnavailable)
        }
    }
}
