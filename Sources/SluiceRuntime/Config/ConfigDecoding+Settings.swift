extension ServerSettings {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> ServerSettings? {
        let allowed = ["listen", "enabled", "auth", "allowed_hosts", "allowed_origins", "tls", "idle_timeout", "max_connections", "console"]
        guard let keys = reader.mapping(field, allowed: allowed) else { return nil }
        var settings = ServerSettings()
        if let listen = keys["listen"], let text = reader.nonEmptyString(listen) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            // An empty host (`:8080`) means every interface, as with --listen.
            if parts.count >= 2, let port = Int(parts.last!), (0...65535).contains(port) {
                settings.listen = text
            } else {
                reader.report(listen, "expected host:port such as 127.0.0.1:8080 (or :8080 for every interface), got \"\(text)\"")
            }
        }
        if let enabled = keys["enabled"] { settings.enabled = reader.bool(enabled) ?? true }
        if let auth = keys["auth"] { settings.auth = ServerAuthSettings.decode(auth, reader: reader) ?? settings.auth }
        if let hosts = keys["allowed_hosts"] { settings.allowedHosts = reader.stringList(hosts) ?? [] }
        if let origins = keys["allowed_origins"], let list = reader.stringList(origins) {
            for origin in list where origin != "*" && !(origin.hasPrefix("http://") || origin.hasPrefix("https://")) {
                reader.report(origins, "expected origins such as https://ops.example.com (scheme://host[:port]) or *, got \"\(origin)\"")
            }
            settings.allowedOrigins = list
        }
        if let tls = keys["tls"], let tlsKeys = reader.mapping(tls, allowed: ["cert_file", "key_file"]) {
            let certificate = reader.require("cert_file", in: tlsKeys, parent: tls, what: "the PEM certificate chain file")
            let key = reader.require("key_file", in: tlsKeys, parent: tls, what: "the PEM private key file")
            if let certificate = certificate.flatMap({ reader.nonEmptyString($0) }), let key = key.flatMap({ reader.nonEmptyString($0) }) {
                settings.tls = ServerTLSSettings(certificateFile: certificate, keyFile: key)
            }
        }
        if let timeout = keys["idle_timeout"], let duration = reader.duration(timeout) {
            if duration > .zero { settings.idleTimeout = duration } else { reader.report(timeout, "expected a positive duration such as 60s") }
        }
        if let maximum = keys["max_connections"] { settings.maxConnections = reader.integer(maximum) ?? settings.maxConnections }
        if let console = keys["console"] { settings.console = reader.bool(console) ?? settings.console }
        return settings
    }
}

extension LogSettings {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> LogSettings? {
        guard let keys = reader.mapping(field, allowed: ["level", "format"]) else { return nil }
        var settings = LogSettings()
        if let level = keys["level"] { settings.level = reader.choice(level, as: Level.self) ?? settings.level }
        if let format = keys["format"] { settings.format = reader.choice(format, as: Format.self) ?? settings.format }
        return settings
    }
}
