extension ServerSettings {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> ServerSettings? {
        guard let keys = reader.mapping(field, allowed: ["listen", "enabled"]) else { return nil }
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
