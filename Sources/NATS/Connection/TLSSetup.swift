import NIOSSL

/// Builds the client's TLS context from ``NATSTLSOptions``.
enum TLSSetup {
    static func makeContext(_ options: NATSTLSOptions) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        do {
            if let caFile = options.caFile {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            }
            switch (options.certificateFile, options.keyFile) {
            case (let certificateFile?, let keyFile?):
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
            case (nil, nil):
                break
            default:
                throw NATSError(.tls, "mutual TLS needs both a certificate file and a key file")
            }
            if options.insecureSkipVerify { configuration.certificateVerification = .none }
            return try NIOSSLContext(configuration: configuration)
        } catch let error as NATSError {
            throw error
        } catch {
            throw NATSError(.tls, "cannot set up TLS (CA \(options.caFile ?? "system"), certificate \(options.certificateFile ?? "none")): \(error)")
        }
    }
}
