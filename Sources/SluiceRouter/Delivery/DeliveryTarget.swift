import Synchronization

/// A delivery URL taken apart once: where to connect and what to ask for.
struct DeliveryTarget: Sendable, Hashable {
    /// Whether the connection uses TLS (`https`).
    var tls: Bool
    /// The host to connect to, without brackets for IPv6.
    var host: String
    /// The port, the scheme's default when the URL has none.
    var port: Int
    /// The `Host` header: the URL's host, with the port when it is not the default.
    var hostHeader: String
    /// The path and query, `/` when empty.
    var path: String

    /// `scheme://host:port`: the unit connections, circuit breakers and per-target metrics are kept for.
    var origin: String

    /// The targets parsed so far, by URL: a pool delivers to a few targets many times over.
    private static let parsedTargets = Mutex<[String: DeliveryTarget?]>([:])
    /// How many URLs ``parsedTargets`` remembers before it starts again.
    private static let parsedTargetsLimit = 4096

    /// `url` parsed, from the cache when it was seen before; `nil` for anything but an absolute `http(s)` URL.
    static func parsed(_ url: String) -> DeliveryTarget? {
        if let known = parsedTargets.withLock({ $0[url] }) { return known }
        let target = DeliveryTarget(url)
        parsedTargets.withLock { cache in
            if cache.count >= parsedTargetsLimit { cache.removeAll(keepingCapacity: true) }
            cache[url] = .some(target)
        }
        return target
    }

    /// Parses an absolute `http` or `https` URL; `nil` for anything else.
    init?(_ url: String) {
        let scheme = url.prefix { $0 != ":" }
        guard url[scheme.endIndex...].hasPrefix("://") else { return nil }
        switch scheme.lowercased() {
        case "http": tls = false
        case "https": tls = true
        default: return nil
        }
        let rest = url[url.index(scheme.endIndex, offsetBy: 3)...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd].split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        var pathAndQuery = rest[authorityEnd...].prefix { $0 != "#" }
        if pathAndQuery.first == "?" || pathAndQuery.isEmpty { pathAndQuery = "/" + pathAndQuery }
        path = String(pathAndQuery)
        let defaultPort = tls ? 443 : 80
        let hostPart: Substring
        let portPart: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            portPart = after.first == ":" ? after.dropFirst() : nil
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
            portPart = nil
        }
        guard !hostPart.isEmpty else { return nil }
        host = hostPart.lowercased()
        if let portPart {
            guard let number = Int(portPart), (1...65535).contains(number) else { return nil }
            port = number
        } else {
            port = defaultPort
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        hostHeader = port == defaultPort ? shownHost : "\(shownHost):\(port)"
        origin = "\(tls ? "https" : "http")://\(hostHeader)"
    }
}
