/// Replaces `${NAME}` and `${NAME:-default}` in configuration text with environment values.
///
/// `${NAME}` needs `NAME` to be set (an empty value counts as set); `${NAME:-default}` uses `default`
/// when `NAME` is unset or empty. `$$` is a literal `$`. Interpolation runs on each scalar value after
/// parsing, so YAML structure cannot be injected through the environment and errors keep their positions.
struct EnvironmentInterpolation: Sendable {
    /// The variables to read.
    var environment: [String: String]

    /// The text with every reference replaced, or a message saying which reference is wrong.
    func interpolate(_ text: String) -> Result<String, InterpolationFailure> {
        guard text.contains("$") else { return .success(text) }
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let after = rest.index(after: dollar)
            if after < rest.endIndex, rest[after] == "$" {
                output.append("$")
                rest = rest[rest.index(after: after)...]
                continue
            }
            guard after < rest.endIndex, rest[after] == "{" else {
                output.append("$")
                rest = rest[after...]
                continue
            }
            guard let close = rest[after...].firstIndex(of: "}") else {
                return .failure(InterpolationFailure(message: "unterminated '${' (write '$$' for a literal '$')"))
            }
            let reference = rest[rest.index(after: after)..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = reference.firstRange(of: ":-") {
                name = reference[..<separator.lowerBound]
                fallback = reference[separator.upperBound...]
            } else {
                name = reference
                fallback = nil
            }
            guard Self.isValidName(name) else {
                return .failure(InterpolationFailure(message: "'${\(reference)}' is not a variable reference; use ${NAME} or ${NAME:-default}"))
            }
            let value = environment[String(name)]
            if let fallback {
                output += (value?.isEmpty ?? true) ? String(fallback) : value!
            } else if let value {
                output += value
            } else {
                return .failure(InterpolationFailure(message: "environment variable \(name) is not set; set it or write ${\(name):-default}"))
            }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return .success(output)
    }

    /// The variables `text` refers to (`${NAME}`, `${NAME:-default}`) that are set to a non-empty value, with it.
    func values(referencedIn text: String) -> [(name: String, value: String)] {
        var found: [(name: String, value: String)] = []
        var rest = Substring(text)
        while let start = rest.firstRange(of: "${") {
            rest = rest[start.upperBound...]
            let name = rest.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            if let value = environment[String(name)], !value.isEmpty { found.append((String(name), value)) }
        }
        return found
    }

    private static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.first, first == "_" || first.isLetter else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}

/// Why a `${…}` reference could not be replaced.
struct InterpolationFailure: Error, Sendable {
    var message: String
}
