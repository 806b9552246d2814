import SluiceYAML

/// The keys each mapping of a `sluice router` file may have, so that a misspelt key is an error with its place
/// rather than a setting silently left at its default.
enum RouterConfigKeys {
    static let top = ["router", "queues", "dead_letters", "pools", "auth", "event_loop_threads"]
    static let router = ["listen", "signing_secret_env", "batch_size", "lease_renewal", "circuit_breaker", "state_file", "drain_timeout"]
    static let breaker = ["failure_threshold", "open_for", "half_open_probes", "success_threshold"]
    static let queue = [
        "kind", "name", "path", "subject", "consumer", "nats_urls", "stream", "queue_url", "endpoint", "region", "visibility_timeout",
    ]
    static let pool = ["concurrency", "rate_limit", "retry", "max_attempts", "timeout", "buffer"]
    static let rateLimit = ["rate", "burst"]
    static let auth = ["tokens", "jwt"]
    static let token = ["name", "token_env", "token_file", "scopes"]
    static let jwt = ["hs256_secret_env", "hs256_secret_file", "public_keys", "issuer", "audience"]

    /// The first key not allowed where it stands: its node's place, its field path and the message.
    static func firstUnknown(in document: YAMLNode) -> (YAMLMark, String, String)? {
        var checks: [(YAMLNode, String, [String])] = [(document, "", top)]
        if let mapping = document.mapping {
            if let router = mapping["router"] {
                checks.append((router, "router", Self.router))
                if let breaker = router.mapping?["circuit_breaker"] { checks.append((breaker, "router.circuit_breaker", Self.breaker)) }
            }
            for (index, queue) in (mapping["queues"]?.sequence ?? []).enumerated() { checks.append((queue, "queues[\(index)]", Self.queue)) }
            if let dead = mapping["dead_letters"] { checks.append((dead, "dead_letters", Self.queue)) }
            for (code, pool) in mapping["pools"]?.mapping ?? YAMLMapping() {
                let path = "pools.\(code.scalar?.string ?? "")"
                checks.append((pool, path, Self.pool))
                if let limit = pool.mapping?["rate_limit"] { checks.append((limit, "\(path).rate_limit", rateLimit)) }
            }
            if let auth = mapping["auth"] {
                checks.append((auth, "auth", Self.auth))
                for (index, token) in (auth.mapping?["tokens"]?.sequence ?? []).enumerated() {
                    checks.append((token, "auth.tokens[\(index)]", Self.token))
                }
                if let jwt = auth.mapping?["jwt"] { checks.append((jwt, "auth.jwt", Self.jwt)) }
            }
        }
        for (node, path, allowed) in checks {
            for (key, _) in node.mapping ?? YAMLMapping() {
                guard let name = key.scalar?.string, !allowed.contains(name) else { continue }
                let field = path.isEmpty ? name : "\(path).\(name)"
                return (key.mark, field, "unknown key '\(name)'; allowed: \(allowed.joined(separator: ", "))")
            }
        }
        return nil
    }
}
