public import Hummingbird

/// Which `Host` and `Origin` headers a server answers, against DNS rebinding and cross-site requests.
///
/// A request's `Host` (without its port) must be one of ``allowedHosts``: by default `localhost`, `127.0.0.1`,
/// `::1` and the address the server is bound to (unless that is a wildcard such as `0.0.0.0`), plus the names
/// configured; `*` allows any. A request with an `Origin` header is refused unless it is the request's own origin
/// (`scheme://` and the `Host` just checked: a page this server served, such as its console) or one of
/// ``allowedOrigins`` exactly (`https://ops.example.com`, or `*` for any): browsers send `Origin` on cross-site
/// requests, other clients do not send it at all.
public struct HostPolicy: Sendable, Hashable {
    /// Host names and addresses accepted in `Host`, lower-cased, IPv6 addresses without brackets.
    public var allowedHosts: Set<String>
    /// Origins accepted in `Origin`, as `scheme://host[:port]`.
    public var allowedOrigins: Set<String>

    /// The names every server accepts: it is always reachable as itself on loopback.
    public static let loopbackNames: Set<String> = ["localhost", "127.0.0.1", "::1"]

    /// The default names plus `boundHost` (when it is a single address) and `extraHosts`; `allowedOrigins` as given.
    public init(boundHost: String, extraHosts: [String] = [], allowedOrigins: [String] = []) {
        var hosts = Self.loopbackNames
        let bound = Self.normalize(boundHost)
        if !Self.isWildcard(bound) { hosts.insert(bound) }
        for host in extraHosts { hosts.insert(Self.normalize(host)) }
        self.allowedHosts = hosts
        self.allowedOrigins = Set(allowedOrigins.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 })
    }

    /// Refuses a request whose `Host` or `Origin` is not allowed.
    public func check(_ request: Request) throws(HTTPAuthError) {
        guard let authority = request.head.authority, !authority.isEmpty else {
            throw HTTPAuthError(.hostNotAllowed, "the request has no Host header")
        }
        let host = Self.hostName(ofAuthority: authority)
        guard allowedHosts.contains("*") || allowedHosts.contains(host) else {
            throw HTTPAuthError(
                .hostNotAllowed,
                "Host \"\(host)\" is not an allowed name of this server; add it to the server's allowed hosts to reach it by that name"
            )
        }
        if let origin = request.headers[.origin] {
            let trimmed = origin.hasSuffix("/") ? String(origin.dropLast()) : origin
            guard Self.isSameOrigin(trimmed, authority: authority) || allowedOrigins.contains("*") || allowedOrigins.contains(trimmed)
            else {
                throw HTTPAuthError(
                    .originNotAllowed,
                    "Origin \"\(origin)\" is not allowed; cross-site requests are refused unless the origin is in the server's allowed origins"
                )
            }
        }
    }

    /// Whether `origin` is the origin of a page this server served under `authority` (its `Host`, already allowed).
    static func isSameOrigin(_ origin: String, authority: String) -> Bool {
        let lowered = origin.lowercased()
        let host = authority.lowercased()
        return lowered == "http://\(host)" || lowered == "https://\(host)"
    }

    /// Whether `host` is a loopback name or address (`localhost`, `127.0.0.0/8`, `::1`), so a server bound to it
    /// is reachable from this machine only.
    public static func isLoopback(_ host: String) -> Bool {
        let name = normalize(host)
        if name == "localhost" || name == "::1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Whether `host` means every interface (`0.0.0.0`, `::`, empty).
    static func isWildcard(_ host: String) -> Bool {
        host.isEmpty || host == "0.0.0.0" || host == "::" || host == "*"
    }

    /// The host of an authority, `example.com:8080` → `example.com`, `[::1]:80` → `::1`, lower-cased.
    static func hostName(ofAuthority authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            return authority[authority.index(after: authority.startIndex)..<end].lowercased()
        }
        if let colon = authority.lastIndex(of: ":"), authority.firstIndex(of: ":") == colon {
            return authority[..<colon].lowercased()
        }
        return authority.lowercased()
    }

    /// A host name lower-cased, an IPv6 address without brackets.
    static func normalize(_ host: String) -> String {
        let lowered = host.lowercased()
        if lowered.hasPrefix("[") && lowered.hasSuffix("]") { return String(lowered.dropFirst().dropLast()) }
        return lowered
    }
}
