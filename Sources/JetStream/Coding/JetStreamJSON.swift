import FoundationEssentials
import NIOCore

/// JSON for the JetStream API: encoding requests and decoding responses that may carry an `error`.
enum JetStreamJSON {
    /// Encodes a request body.
    static func encode<T: Encodable>(_ value: T) throws(JetStreamError) -> ByteBuffer {
        do {
            let data = try JSONEncoder().encode(value)
            return ByteBuffer(bytes: data)
        } catch {
            throw JetStreamError(.invalidArgument, "could not encode \(T.self): \(error)")
        }
    }

    /// Decodes a response, throwing the server's error when the response carries one.
    static func decodeResponse<T: Decodable>(_ type: T.Type, from payload: ByteBuffer) throws(JetStreamError) -> T {
        let data = payload.withUnsafeReadableBytes { Data($0) }
        let response: APIResponse<T>
        do {
            response = try JSONDecoder().decode(APIResponse<T>.self, from: data)
        } catch {
            let text = String(buffer: payload)
            throw JetStreamError(.invalidResponse, "could not read \(T.self) from \(text.prefix(200)): \(error)")
        }
        switch response.result {
        case .success(let value): return value
        case .failure(let apiError): throw JetStreamError(apiError: apiError)
        }
    }
}

/// A JetStream API response: the value, or the `error` object in its place.
struct APIResponse<T: Decodable>: Decodable {
    enum Outcome {
        case success(T)
        case failure(JetStreamAPIError)
    }

    var result: Outcome

    private enum CodingKeys: String, CodingKey { case error }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let error = try container.decodeIfPresent(JetStreamAPIError.self, forKey: .error) {
            result = .failure(error)
        } else {
            result = .success(try T(from: decoder))
        }
    }
}
