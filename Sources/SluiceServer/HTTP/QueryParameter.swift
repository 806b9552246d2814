import Hummingbird
import SluiceRuntime

/// Reads and checks the query parameters of a request.
struct QueryParameters {
    let request: Request

    /// A parameter that must be present and not empty.
    func required(_ name: String) throws(OperationsError) -> String {
        guard let value = request.uri.queryParameters.get(name), !value.isEmpty else {
            throw OperationsError(.badRequest, "query parameter \"\(name)\" is required")
        }
        return value
    }

    /// A parameter that may be absent; an empty value counts as absent.
    func optional(_ name: String) -> String? {
        guard let value = request.uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }

    /// A whole number of at least `minimum`, `defaultValue` when absent, and never more than `maximum`.
    func integer(_ name: String, default defaultValue: Int, minimum: Int, maximum: Int) throws(OperationsError) -> Int {
        guard let text = optional(name) else { return defaultValue }
        guard let value = Int(text), value >= minimum else {
            throw OperationsError(.badRequest, "query parameter \"\(name)\" must be a whole number of at least \(minimum), not \"\(text)\"")
        }
        return min(value, maximum)
    }

    /// A whole number in `range`, `defaultValue` when absent; out of range is a `400` that names the range and
    /// `note`, which says why the range is what it is.
    func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>, note: String) throws(OperationsError) -> Int {
        guard let text = optional(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw OperationsError(
                .badRequest,
                "query parameter \"\(name)\" must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\" (\(note))"
            )
        }
        return value
    }
}
