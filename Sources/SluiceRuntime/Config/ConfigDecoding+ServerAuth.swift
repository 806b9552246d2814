extension ServerAuthSettings {
    /// Reads an `auth:` block (`server.auth`, or another API's block of the same shape), reporting problems to `reader`.
    public static func decode(_ field: ConfigField, reader: ConfigReader) -> ServerAuthSettings? {
        guard let keys = reader.mapping(field, allowed: ["tokens", "jwt", "open_health", "open_metrics"]) else { return nil }
        var settings = ServerAuthSettings()
        if let tokens = keys["tokens"], let items = reader.sequence(tokens) {
            settings.tokens = items.enumerated().compactMap { ServerToken.decode($1, index: $0, reader: reader) }
            var seen: Set<String> = []
            for (item, token) in zip(items, settings.tokens) where !seen.insert(token.name).inserted {
                reader.report(item, "a token named '\(token.name)' is already defined; names must be unique")
            }
        }
        if let jwt = keys["jwt"] { settings.jwt = ServerJWTSettings.decode(jwt, reader: reader) }
        if let open = keys["open_health"] { settings.openHealth = reader.bool(open) ?? settings.openHealth }
        if let open = keys["open_metrics"] { settings.openMetrics = reader.bool(open) ?? settings.openMetrics }
        return settings
    }
}

extension ServerToken {
    static func decode(_ field: ConfigField, index: Int, reader: ConfigReader) -> ServerToken? {
        guard let keys = reader.mapping(field, allowed: ["name", "token", "token_file", "scopes"]) else { return nil }
        let name = keys["name"].flatMap { reader.nonEmptyString($0) } ?? "token-\(index + 1)"
        let secret = SecretSource.decode(
            value: keys["token"],
            file: keys["token_file"],
            parent: field,
            names: ("token", "token_file"),
            reader: reader
        )
        guard let scopesField = reader.require("scopes", in: keys, parent: field, what: "a list of scopes: read, ingest, admin") else {
            return nil
        }
        let scopes = ServerScope.decodeList(scopesField, reader: reader)
        guard let secret, let scopes else { return nil }
        if case .value(let text) = secret, text.count < 16 {
            reader.report(
                keys["token"] ?? field,
                "a token must be at least 16 characters long (got \(text.count)); make one with openssl rand -hex 32"
            )
            return nil
        }
        return ServerToken(name: name, secret: secret, scopes: scopes)
    }
}

extension ServerScope {
    /// A non-empty list of scope names.
    static func decodeList(_ field: ConfigField, reader: ConfigReader) -> [ServerScope]? {
        guard let names = reader.stringList(field) else { return nil }
        if names.isEmpty {
            reader.report(field, "expected at least one scope: read, ingest, admin")
            return nil
        }
        var scopes: [ServerScope] = []
        for name in names {
            guard let scope = ServerScope(rawValue: name) else {
                reader.report(field, "expected scopes among read, ingest, admin, got \(reader.quoted(name))")
                return nil
            }
            scopes.append(scope)
        }
        return scopes
    }
}

extension SecretSource {
    /// Exactly one of a value key and a file key.
    static func decode(
        value: ConfigField?,
        file: ConfigField?,
        parent: ConfigField,
        names: (value: String, file: String),
        reader: ConfigReader
    ) -> SecretSource? {
        switch (value, file) {
        case (let value?, nil): return reader.nonEmptyString(value).map { .value($0) }
        case (nil, let file?): return reader.nonEmptyString(file).map { .file($0) }
        case (.some, .some):
            reader.report(parent, "give either \(names.value) or \(names.file), not both")
        case (nil, nil):
            reader.report(
                at: parent.node.mark,
                path: parent.child(names.value),
                "missing; expected \(names.value) (the secret, e.g. ${VAR}) or \(names.file)"
            )
        }
        return nil
    }
}

extension ServerJWTSettings {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> ServerJWTSettings? {
        let allowed = ["hs256_secret", "hs256_secret_file", "public_keys", "jwks_file", "issuer", "audience", "leeway"]
        guard let keys = reader.mapping(field, allowed: allowed) else { return nil }
        var settings = ServerJWTSettings()
        if keys["hs256_secret"] != nil || keys["hs256_secret_file"] != nil {
            settings.hs256Secret = SecretSource.decode(
                value: keys["hs256_secret"],
                file: keys["hs256_secret_file"],
                parent: field,
                names: ("hs256_secret", "hs256_secret_file"),
                reader: reader
            )
            if case .value(let secret) = settings.hs256Secret, secret.count < 32 {
                reader.report(
                    keys["hs256_secret"] ?? field,
                    "an HS256 secret must be at least 32 characters long (got \(secret.count)); make one with openssl rand -hex 32"
                )
            }
        }
        if let files = keys["public_keys"] { settings.publicKeyFiles = reader.stringList(files) ?? [] }
        if let file = keys["jwks_file"] { settings.jwksFile = reader.nonEmptyString(file) }
        if let issuer = keys["issuer"] { settings.issuer = reader.nonEmptyString(issuer) }
        if let audience = keys["audience"] { settings.audience = reader.nonEmptyString(audience) }
        if let leeway = keys["leeway"], let duration = reader.duration(leeway) {
            if duration <= .seconds(300) { settings.leeway = duration } else { reader.report(leeway, "expected at most 5m, got \(duration)") }
        }
        if keys["hs256_secret"] == nil, keys["hs256_secret_file"] == nil, keys["public_keys"] == nil, keys["jwks_file"] == nil {
            reader.report(field, "expected at least one key: hs256_secret, hs256_secret_file, public_keys or jwks_file")
            return nil
        }
        return settings
    }
}
