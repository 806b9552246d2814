import FoundationEssentials
import PostgresNIO
import SluiceBridge

extension PostgresClient.Configuration {
    /// A configuration from a connection URL: `postgres://user[:password]@host[:port]/database`, with
    /// `?sslmode=require` for TLS (verified against the system's roots) and `?sslmode=disable` (the default) without.
    ///
    /// - Throws: ``SluiceBridge/BridgeError`` with code ``SluiceBridge/BridgeError/Code/invalidConfiguration`` for a
    ///   URL that is not of this form.
    public init(url text: String) throws {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""), let host = url.host, !host.isEmpty else {
            throw BridgeError(.invalidConfiguration, "'\(text)' is not a PostgreSQL URL such as postgres://user:password@host:5432/database")
        }
        let sslMode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let tls: TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require", "verify-full": tls = .require(.makeClientConfiguration())
        case "prefer": tls = .prefer(.makeClientConfiguration())
        default: throw BridgeError(.invalidConfiguration, "sslmode must be disable, prefer or require, got '\(sslMode)'")
        }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        self.init(
            host: host,
            port: url.port ?? 5432,
            username: url.user ?? "postgres",
            password: url.password,
            database: database.isEmpty ? nil : database,
            tls: tls
        )
    }
}
