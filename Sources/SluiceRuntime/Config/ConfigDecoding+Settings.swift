extension NATSSettings {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> NATSSettings? {
        guard let keys = reader.mapping(field, allowed: ["url", "urls", "auth", "tls", "connect_timeout"]) else { return nil }
        var settings = NATSSettings()
        if keys["url"] != nil, keys["urls"] != nil {
            reader.report(field, "give either url or urls, not both")
        }
        if let url = keys["url"] {
            settings.urls = reader.nonEmptyString(url, what: "a NATS URL such as nats://127.0.0.1:4222").map { [$0] } ?? settings.urls
        }
        if let urls = keys["urls"], let list = reader.stringList(urls) {
            if list.isEmpty { reader.report(urls, "expected at least one URL") } else { settings.urls = list }
        }
        for (index, url) in settings.urls.enumerated() where !(url.hasPrefix("nats://") || url.hasPrefix("tls://") || !url.contains("://")) {
            reader.report(keys["urls"] ?? keys["url"] ?? field, "URL \(index + 1) '\(url)' must start with nats:// or tls://")
        }
        if let auth = keys["auth"] { settings.auth = NATSAuthSettings.decode(auth, reader: reader) ?? .none }
        if let tls = keys["tls"], let tlsKeys = reader.mapping(tls, allowed: ["ca_file", "cert_file", "key_file"]) {
            var settingsTLS = NATSTLSSettings()
            settingsTLS.caFile = tlsKeys["ca_file"].flatMap { reader.nonEmptyString($0) }
            settingsTLS.certificateFile = tlsKeys["cert_file"].flatMap { reader.nonEmptyString($0) }
            settingsTLS.keyFile = tlsKeys["key_file"].flatMap { reader.nonEmptyString($0) }
            if (settingsTLS.certificateFile == nil) != (settingsTLS.keyFile == nil) {
                reader.report(tls, "cert_file and key_file go together")
            }
            settings.tls = settingsTLS
        }
        if let timeout = keys["connect_timeout"] { settings.connectTimeout = reader.duration(timeout) ?? settings.connectTimeout }
        return settings
    }
}

extension NATSAuthSettings {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> NATSAuthSettings? {
        guard let keys = reader.mapping(field, allowed: ["token", "user", "password", "creds", "nkey"]) else { return nil }
        let given = ["token", "user", "creds", "nkey"].filter { keys[$0] != nil }
        guard given.count <= 1 else {
            reader.report(field, "give one of token, user (with password), creds or nkey; got \(given.joined(separator: ", "))")
            return nil
        }
        if let token = keys["token"] { return reader.nonEmptyString(token).map { .token($0) } }
        if let creds = keys["creds"] { return reader.nonEmptyString(creds).map { .credentials(file: $0) } }
        if let nkey = keys["nkey"] { return reader.nonEmptyString(nkey).map { .nkey(seedFile: $0) } }
        if let user = keys["user"] {
            guard let password = reader.require("password", in: keys, parent: field, what: "the password for user") else { return nil }
            guard let name = reader.nonEmptyString(user), let secret = reader.string(password) else { return nil }
            return .userPassword(user: name, password: secret)
        }
        if keys["password"] != nil { reader.report(field, "password needs user") }
        return NATSAuthSettings.none
    }
}

extension StreamSettings {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> StreamSettings? {
        let allowed = ["name", "subjects", "storage", "replicas", "max_age", "duplicate_window"]
        guard let keys = reader.mapping(field, allowed: allowed) else { return nil }
        guard let nameField = reader.require("name", in: keys, parent: field, what: "a stream name"),
            let name = reader.nonEmptyString(nameField),
            let subjectsField = reader.require("subjects", in: keys, parent: field, what: "a list of subjects"),
            let subjects = reader.stringList(subjectsField)
        else { return nil }
        if name.contains(where: { $0 == "." || $0 == " " || $0 == "*" || $0 == ">" }) {
            reader.report(nameField, "a stream name cannot contain '.', ' ', '*' or '>', got \"\(name)\"")
        }
        var settings = StreamSettings(name: name, subjects: subjects)
        if let storage = keys["storage"], let text = reader.string(storage) {
            switch text {
            case "file": settings.memoryStorage = false
            case "memory": settings.memoryStorage = true
            default: reader.report(storage, "expected one of file, memory, got \"\(text)\"")
            }
        }
        if let replicas = keys["replicas"] {
            settings.replicas = reader.integer(replicas) ?? 1
            if settings.replicas > 5 { reader.report(replicas, "expected 1 to 5 replicas, got \(settings.replicas)") }
        }
        if let maxAge = keys["max_age"] { settings.maxAge = reader.duration(maxAge) }
        if let window = keys["duplicate_window"] { settings.duplicateWindow = reader.duration(window) }
        return settings
    }
}

extension ServerSettings {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> ServerSettings? {
        let allowed = ["listen", "enabled", "auth", "allowed_hosts", "allowed_origins", "tls", "idle_timeout", "max_connections"]
        guard let keys = reader.mapping(field, allowed: allowed) else { return nil }
        var settings = ServerSettings()
        if let listen = keys["listen"], let text = reader.nonEmptyString(listen) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count >= 2, let port = Int(parts.last!), (0...65535).contains(port), !parts.dropLast().joined().isEmpty {
                settings.listen = text
            } else {
                reader.report(listen, "expected host:port such as 127.0.0.1:8080, got \"\(text)\"")
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
