import Hummingbird
import SluiceRuntime

/// `GET /pipelines`, `GET /pipelines/{name}`, `POST /pipelines/{name}/pause` and `…/resume`.
///
/// Pause and resume answer with the pipeline's status after the change.
struct PipelineRoutes: Sendable {
    let operations: any SluiceOperations

    /// Adds the listings to `read` and pause and resume to `admin`.
    func add<Context: RequestContext>(read: some RouterMethods<Context>, admin: some RouterMethods<Context>) {
        read.get("pipelines") { _, _ in
            try JSONResponse.make(PipelineList(pipelines: await operations.pipelineStatuses()))
        }
        read.get("pipelines/{name}") { _, context in
            let name = try context.parameters.requireDecoded("name")
            return try JSONResponse.make(try await status(of: name))
        }
        admin.post("pipelines/{name}/pause") { _, context in
            let name = try context.parameters.requireDecoded("name")
            try await operations.pause(pipeline: name)
            return try JSONResponse.make(try await status(of: name))
        }
        admin.post("pipelines/{name}/resume") { _, context in
            let name = try context.parameters.requireDecoded("name")
            try await operations.resume(pipeline: name)
            return try JSONResponse.make(try await status(of: name))
        }
    }

    private func status(of name: String) async throws(OperationsError) -> PipelineStatus {
        guard let status = await operations.pipelineStatus(named: name) else {
            throw OperationsError(.notFound, "no pipeline named \"\(name)\"")
        }
        return status
    }
}
