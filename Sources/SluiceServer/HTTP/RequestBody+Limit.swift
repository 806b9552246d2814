import Hummingbird
import SluiceRuntime

extension Request {
    /// Reads the whole body, refusing it as soon as it is known to be over `limit` bytes.
    ///
    /// A `Content-Length` over the limit is refused before any of the body is read; a body without one
    /// (chunked) is refused at the first part that takes it past the limit, so at most `limit` bytes are
    /// ever held in memory.
    ///
    /// - Throws: ``SluiceRuntime/OperationsError`` with code `tooLarge`.
    func collectBody(limit: Int) async throws -> ByteBuffer {
        if let declared = headers[.contentLength].flatMap(Int.init), declared > limit {
            throw Self.tooLarge(limit: limit)
        }
        return try await body.collect(limit: limit)
    }

    static func tooLarge(limit: Int) -> OperationsError {
        OperationsError(.tooLarge, "the body is over the limit of \(limit) bytes")
    }
}

extension RequestBody {
    /// Concatenates the parts of the body, throwing once more than `limit` bytes arrived.
    func collect(limit: Int) async throws -> ByteBuffer {
        var collected = ByteBuffer()
        for try await var part in self {
            guard collected.readableBytes + part.readableBytes <= limit else {
                throw Request.tooLarge(limit: limit)
            }
            collected.writeBuffer(&part)
        }
        return collected
    }
}
