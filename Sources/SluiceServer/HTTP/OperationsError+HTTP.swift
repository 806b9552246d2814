public import Hummingbird
public import SluiceRuntime

extension OperationsError.Code {
    /// The HTTP status an error of this kind is answered with; unknown kinds are `500`.
    public var httpStatus: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .tooLarge: .contentTooLarge
        case .backedUp: .tooManyRequests
        case .conflict: .conflict
        case .unavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    /// The code as it appears in error bodies: the kind's name in snake_case (`notFound` is `not_found`).
    public var wireName: String {
        var result = ""
        for character in description {
            if character.isUppercase {
                if !result.isEmpty { result.append("_") }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The kind of failure an HTTP status stands for, when it is one of the operations kinds.
    static func forStatus(_ status: HTTPResponse.Status) -> OperationsError.Code? {
        let known: [OperationsError.Code] = [.notFound, .badRequest, .tooLarge, .backedUp, .conflict, .internal, .unavailable]
        return known.first { $0.httpStatus == status }
    }
}
