import SluiceCore
import SluiceElasticsearch
import SluiceRuntime

extension ElasticsearchClusterSettings {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> ElasticsearchClusterSettings? {
        let allowed = ["url", "urls", "auth", "tls", "gzip", "max_connections", "timeout"]
        guard let keys = reader.mapping(field, allowed: allowed) else { return nil }
        var urls: [String] = []
        if keys["url"] != nil, keys["urls"] != nil { reader.report(field, "give either url or urls, not both") }
        if let url = keys["url"] { urls = reader.nonEmptyString(url, what: "a URL such as http://127.0.0.1:9200").map { [$0] } ?? [] }
        if let list = keys["urls"] { urls = reader.stringList(list) ?? [] }
        guard !urls.isEmpty else {
            reader.report(field, "expected url or urls, such as http://127.0.0.1:9200")
            return nil
        }
        for url in urls where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            reader.report(
                keys["urls"] ?? keys["url"] ?? field,
                "URL '\(ElasticsearchConfiguration.redacted(url))' must start with http:// or https://"
            )
        }
        var settings = ElasticsearchClusterSettings(urls: urls)
        if let auth = keys["auth"], let authKeys = reader.mapping(auth, allowed: ["user", "password", "api_key", "bearer"]) {
            let given = ["user", "api_key", "bearer"].filter { authKeys[$0] != nil }
            if given.count > 1 { reader.report(auth, "give one of user (with password), api_key or bearer; got \(given.joined(separator: ", "))") }
            if let user = authKeys["user"], let name = reader.nonEmptyString(user),
                let password = reader.require("password", in: authKeys, parent: auth, what: "the password for user"),
                let secret = reader.string(password)
            {
                settings.auth = .basic(user: name, password: secret)
            } else if let key = authKeys["api_key"], let text = reader.nonEmptyString(key) {
                settings.auth = .apiKey(text)
            } else if let token = authKeys["bearer"], let text = reader.nonEmptyString(token) {
                settings.auth = .bearer(text)
            }
        }
        if let tls = keys["tls"], let tlsKeys = reader.mapping(tls, allowed: ["ca_file", "cert_file", "key_file"]) {
            settings.caFile = tlsKeys["ca_file"].flatMap { reader.nonEmptyString($0) }
            settings.certificateFile = tlsKeys["cert_file"].flatMap { reader.nonEmptyString($0) }
            settings.keyFile = tlsKeys["key_file"].flatMap { reader.nonEmptyString($0) }
            if (settings.certificateFile == nil) != (settings.keyFile == nil) { reader.report(tls, "cert_file and key_file go together") }
        }
        if let gzip = keys["gzip"] { settings.gzip = reader.bool(gzip) ?? settings.gzip }
        if let connections = keys["max_connections"] { settings.maxConnections = reader.integer(connections) ?? settings.maxConnections }
        if let timeout = keys["timeout"] { settings.timeout = reader.duration(timeout) ?? settings.timeout }
        return settings
    }
}

extension ElasticsearchSourceConfig {
    static let keys = [
        "cluster", "indices", "cursor_field", "page_size", "interval", "overlap", "deleted_field", "snapshot", "checkpoint",
    ]

    static func decode(_ field: ConfigField, keys: [String: ConfigField], reader: ConfigReader) -> ElasticsearchSourceConfig? {
        guard let clusterField = reader.require("cluster", in: keys, parent: field, what: "a cluster named under elasticsearch:"),
            let cluster = reader.nonEmptyString(clusterField),
            let indicesField = reader.require("indices", in: keys, parent: field, what: "the indices to watch"),
            let indices = reader.stringList(indicesField),
            let cursorField = reader.require("cursor_field", in: keys, parent: field, what: "the field ordering changes, such as updated_at"),
            let cursor = reader.nonEmptyString(cursorField)
        else { return nil }
        if indices.isEmpty { reader.report(indicesField, "expected at least one index") }
        var source = ElasticsearchSourceConfig(cluster: cluster, indices: indices, cursorField: cursor)
        if let size = keys["page_size"] { source.pageSize = reader.integer(size) ?? source.pageSize }
        if let interval = keys["interval"] { source.interval = reader.duration(interval) ?? source.interval }
        if let overlap = keys["overlap"] { source.overlap = reader.duration(overlap) ?? source.overlap }
        if let deleted = keys["deleted_field"] { source.deletedField = reader.nonEmptyString(deleted) }
        if let snapshot = keys["snapshot"] { source.snapshot = reader.bool(snapshot) ?? source.snapshot }
        if let checkpoint = keys["checkpoint"], let checkpointKeys = reader.mapping(checkpoint, allowed: ["bucket", "file"]) {
            if checkpointKeys.count != 1 { reader.report(checkpoint, "give one of bucket or file") }
            if let bucket = checkpointKeys["bucket"], let name = reader.nonEmptyString(bucket) { source.checkpoint = .bucket(name) }
            if let file = checkpointKeys["file"], let path = reader.nonEmptyString(file) { source.checkpoint = .file(path) }
        }
        return source
    }
}

extension ElasticsearchSinkConfig {
    static let keys = ["cluster", "index_prefix", "rename", "indices", "refresh", "breaker"]

    static func decode(_ field: ConfigField, keys: [String: ConfigField], reader: ConfigReader) -> ElasticsearchSinkConfig? {
        guard let clusterField = reader.require("cluster", in: keys, parent: field, what: "a cluster named under elasticsearch:"),
            let cluster = reader.nonEmptyString(clusterField)
        else { return nil }
        var sink = ElasticsearchSinkConfig(cluster: cluster)
        if let prefix = keys["index_prefix"] { sink.indexPrefix = reader.string(prefix) ?? "" }
        if let rename = keys["rename"] {
            for entry in reader.entries(rename, what: "source index to target index") ?? [] {
                sink.rename[entry.key] = reader.nonEmptyString(entry.field)
            }
        }
        if let indices = keys["indices"] {
            for entry in reader.entries(indices, what: "target index to {settings, mappings}") ?? [] {
                guard reader.mapping(entry.field, allowed: ["settings", "mappings", "aliases"]) != nil else { continue }
                sink.indices[entry.key] = reader.json(entry.field)
            }
        }
        if let refresh = keys["refresh"] { sink.refresh = reader.bool(refresh) ?? sink.refresh }
        if let breaker = keys["breaker"], let breakerKeys = reader.mapping(breaker, allowed: ["failures", "cooldown"]) {
            if let failures = breakerKeys["failures"] { sink.breakerFailures = reader.integer(failures) ?? sink.breakerFailures }
            if let cooldown = breakerKeys["cooldown"] { sink.breakerCooldown = reader.duration(cooldown) ?? sink.breakerCooldown }
        }
        return sink
    }
}
