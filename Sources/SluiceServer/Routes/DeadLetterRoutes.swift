import FoundationEssentials
import Hummingbird
import SluiceRuntime

/// `GET /dlq?pipeline=&limit=&cursor=`, `GET /dlq/{id}`, `POST /dlq/replay` and `DELETE /dlq?pipeline=`.
struct DeadLetterRoutes: Sendable {
    let operations: any SluiceOperations
    let defaultLimit: Int
    let maxLimit: Int
    let maxBodySize: Int

    /// Adds the listings to `read`, replay and purge to `admin`.
    func add<Context: RequestContext>(read: some RouterMethods<Context>, admin: some RouterMethods<Context>) {
        read.get("dlq") { request, _ in
            let query = QueryParameters(request: request)
            let limit = try query.integer("limit", default: defaultLimit, minimum: 1, maximum: maxLimit)
            let page = try await operations.deadLetters(pipeline: query.optional("pipeline"), limit: limit, cursor: query.optional("cursor"))
            return try JSONResponse.make(DeadLetterList(deadLetters: page.letters, nextCursor: page.nextCursor))
        }
        read.get("dlq/{id}") { _, context in
            let id = try context.parameters.requireDecoded("id")
            guard let letter = try await operations.deadLetter(id: id) else {
                throw OperationsError(.notFound, "no dead letter with id \"\(id)\"")
            }
            return try JSONResponse.make(letter)
        }
        admin.post("dlq/replay") { request, _ in
            let replay = try await decodeReplay(request)
            let count = try await operations.replayDeadLetters(pipeline: replay.pipeline, ids: replay.ids)
            return try JSONResponse.make(ReplayResult(replayed: count))
        }
        admin.delete("dlq") { request, _ in
            // Deleting for good takes a pipeline: one request that empties every pipeline's dead letters is too easy to
            // send by mistake (or from a page in the operator's browser).
            guard let pipeline = QueryParameters(request: request).optional("pipeline") else {
                throw OperationsError(.badRequest, "purging needs a pipeline: DELETE /dlq?pipeline=NAME, one pipeline at a time")
            }
            let count = try await operations.purgeDeadLetters(pipeline: pipeline)
            return try JSONResponse.make(PurgeResult(purged: count))
        }
    }

    /// Reads and checks a replay request body.
    private func decodeReplay(_ request: Request) async throws -> ReplayRequest {
        let body = try await request.collectBody(limit: maxBodySize)
        let replay: ReplayRequest
        do {
            replay = try JSONDecoder().decode(ReplayRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw OperationsError(
                .badRequest,
                "the body must be {\"pipeline\": \"…\"} or {\"ids\": [\"…\"]} (\(Self.describe(error)))"
            )
        }
        if let problem = replay.problem {
            throw OperationsError(.badRequest, problem)
        }
        return replay
    }

    /// A short account of why a body did not decode.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(path.isEmpty ? "body" : path): \(context.debugDescription)"
        case .dataCorrupted:
            return "not valid JSON"
        case .keyNotFound(let key, _):
            return "\(key.stringValue) is missing"
        @unknown default:
            return "\(error)"
        }
    }
}
