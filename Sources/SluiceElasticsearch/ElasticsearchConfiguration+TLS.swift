import NIOSSL

extension ElasticsearchConfiguration {
    /// TLS settings for `https` nodes: which certificate authorities to trust and, for mutual TLS, which client
    /// certificate to present.
    public struct TLS: Sendable, Hashable {
        /// A PEM file of the certificate authorities that signed the cluster's certificates. Defaults to `nil`: the
        /// system's trust roots.
        public var caFile: String?
        /// A PEM file holding the client certificate (and its chain) for mutual TLS. Defaults to `nil`.
        public var certificateFile: String?
        /// The PEM private key of ``certificateFile``. Defaults to `nil`.
        public var privateKeyFile: String?
        /// Whether the server's certificate and host name are checked. Defaults to `true`; turn off only for a
        /// throwaway test cluster.
        public var verifyCertificates: Bool = true

        /// Creates TLS settings.
        public init(caFile: String? = nil, certificateFile: String? = nil, privateKeyFile: String? = nil, verifyCertificates: Bool = true) {
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.privateKeyFile = privateKeyFile
            self.verifyCertificates = verifyCertificates
        }

        /// The SwiftNIO SSL client configuration for these settings.
        ///
        /// - Throws: ``ElasticsearchError`` with code ``ElasticsearchError/Code/invalidConfiguration`` when a file
        ///   cannot be read, or when only one of the certificate and the key is given.
        func makeTLSConfiguration() throws -> TLSConfiguration {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = verifyCertificates ? .fullVerification : .none
            do {
                if let caFile {
                    configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
                }
                switch (certificateFile, privateKeyFile) {
                case (let certificateFile?, let privateKeyFile?):
                    configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
                    configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: privateKeyFile, format: .pem))
                case (nil, nil):
                    break
                default:
                    throw ElasticsearchError(.invalidConfiguration, "TLS needs both a client certificate file and its private key file, or neither")
                }
            } catch let error as ElasticsearchError {
                throw error
            } catch {
                throw ElasticsearchError(.invalidConfiguration, "cannot load TLS files: \(error)", underlying: error)
            }
            return configuration
        }
    }
}
