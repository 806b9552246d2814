import FoundationEssentials

/// The JSON of `CONNECT`.
struct ConnectRequest: Encodable {
    var verbose = false
    var pedantic = false
    var tlsRequired: Bool
    var name: String?
    var lang = "swift"
    var version = NATSClientVersion.current
    var `protocol` = 1
    var echo: Bool
    var headers = true
    var noResponders = true
    var auth: ConnectAuthFields

    enum CodingKeys: String, CodingKey {
        case verbose, pedantic
        case tlsRequired = "tls_required"
        case name, lang, version, `protocol`, echo, headers
        case noResponders = "no_responders"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(verbose, forKey: .verbose)
        try container.encode(pedantic, forKey: .pedantic)
        try container.encode(tlsRequired, forKey: .tlsRequired)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encode(lang, forKey: .lang)
        try container.encode(version, forKey: .version)
        try container.encode(`protocol`, forKey: .protocol)
        try container.encode(echo, forKey: .echo)
        try container.encode(headers, forKey: .headers)
        try container.encode(noResponders, forKey: .noResponders)
        try auth.encode(to: encoder)
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// The version the client reports in `CONNECT`.
enum NATSClientVersion {
    static let current = "0.1.0"
}
