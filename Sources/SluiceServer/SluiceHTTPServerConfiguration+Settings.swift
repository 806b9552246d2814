import NIOSSL
import SluiceHTTPAuth
public import SluiceRuntime

extension SluiceHTTPServerConfiguration {
    /// The configuration of a Sluice configuration's `server:` section, with the secrets, keys and certificates
    /// its files hold, and each HTTP ingest pipeline's `source.max_body_bytes`.
    ///
    /// - Throws: ``SluiceHTTPServerError`` naming the field whose file cannot be read or used.
    public init(config: SluiceConfig) throws(SluiceHTTPServerError) {
        let server = config.server
        guard let address = SluiceHTTPServerConfiguration(address: server.listen) else {
            throw SluiceHTTPServerError(field: "server.listen", "expected host:port such as 127.0.0.1:8080, got \"\(server.listen)\"")
        }
        self = address
        allowedHosts = server.allowedHosts
        allowedOrigins = server.allowedOrigins
        idleTimeout = server.idleTimeout
        maxConnections = server.maxConnections
        console = server.console
        auth = try HTTPAuthConfiguration(settings: server.auth)
        if let files = server.tls { tls = try Self.tls(files) }
        for pipeline in config.pipelines {
            if let http = pipeline.source.settings(as: HTTPSourceConfig.self) { ingestBodyLimits[pipeline.name] = http.maxBodyBytes }
        }
    }

    private static func tls(_ files: ServerTLSSettings) throws(SluiceHTTPServerError) -> TLS {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificateFile)
        } catch {
            throw SluiceHTTPServerError(field: "server.tls.cert_file", "cannot use \(files.certificateFile) as a PEM certificate chain: \(error)")
        }
        guard !chain.isEmpty else {
            throw SluiceHTTPServerError(field: "server.tls.cert_file", "\(files.certificateFile) holds no certificate")
        }
        do {
            return TLS(certificateChain: chain, privateKey: try NIOSSLPrivateKey(file: files.keyFile, format: .pem))
        } catch {
            throw SluiceHTTPServerError(field: "server.tls.key_file", "cannot use \(files.keyFile) as a PEM private key: \(error)")
        }
    }
}
