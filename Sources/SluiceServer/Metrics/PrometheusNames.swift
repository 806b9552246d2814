/// Makes swift-metrics labels valid Prometheus names (libraries such as Hummingbird name metrics
/// `http.server.request.duration`, which the exposition format does not allow).
enum PrometheusNames {
    /// `name` with every character outside `[a-zA-Z0-9_:]` replaced by `_`, and `_` in front of a leading digit.
    static func metricName(_ name: String) -> String {
        sanitize(name, allowColon: true)
    }

    /// `name` with every character outside `[a-zA-Z0-9_]` replaced by `_`, and `_` in front of a leading digit.
    static func labelName(_ name: String) -> String {
        sanitize(name, allowColon: false)
    }

    private static func sanitize(_ name: String, allowColon: Bool) -> String {
        var result = String(
            String.UnicodeScalarView(
                name.unicodeScalars.map { scalar in
                    let valid =
                        scalar.isASCII
                        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
                            || (allowColon && scalar == ":"))
                    return valid ? scalar : "_"
                }
            )
        )
        if let first = result.unicodeScalars.first, ("0"..."9").contains(first) || result.isEmpty {
            result = "_" + result
        }
        return result.isEmpty ? "_" : result
    }
}
