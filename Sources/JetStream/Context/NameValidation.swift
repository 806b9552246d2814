/// Checks stream and consumer names before they go into API subjects.
enum NameValidation {
    /// Throws unless `name` can be a stream name: not empty, no spaces, `.`, `*`, `>`, `/` or `\`.
    static func validateStream(_ name: String) throws(JetStreamError) {
        try validate(name, kind: "stream")
    }

    /// Throws unless `name` can be a consumer name (same rules as streams).
    static func validateConsumer(_ name: String) throws(JetStreamError) {
        try validate(name, kind: "consumer")
    }

    private static func validate(_ name: String, kind: String) throws(JetStreamError) {
        guard !name.isEmpty else { throw JetStreamError(.invalidArgument, "the \(kind) name is empty") }
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "."), UInt8(ascii: "*"), UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "\\"),
                UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                throw JetStreamError(.invalidArgument, "invalid \(kind) name \"\(name)\": no spaces, '.', '*', '>', '/' or '\\'")
            default:
                continue
            }
        }
    }
}
