import Logging
import NATS
import SluiceRuntime

extension NATSSettings {
    /// Client options for these settings.
    func clientOptions(logger: Logger) -> NATSClientOptions {
        var options = NATSClientOptions(servers: urls, logger: logger)
        options.name = "sluice"
        options.connectTimeout = connectTimeout
        switch auth {
        case .none: options.auth = .none
        case .token(let token): options.auth = .token(token)
        case .userPassword(let user, let password): options.auth = .userPassword(user: user, password: password)
        case .credentials(let file): options.auth = .credentials(path: file)
        case .nkey(let file): options.auth = .nkeyFile(path: file)
        }
        if let tls {
            options.tls = NATSTLSOptions(caFile: tls.caFile, certificateFile: tls.certificateFile, keyFile: tls.keyFile)
        }
        return options
    }
}
