import NATS

extension JetStreamError {
    /// Translates an error of the NATS client.
    @usableFromInline
    init(clientError error: any Error, while doing: String) {
        guard let natsError = error as? NATSError else {
            if error is CancellationError {
                self.init(.cancelled, "cancelled while \(doing)")
            } else if let jetStreamError = error as? JetStreamError {
                self = jetStreamError
            } else {
                self.init(.client, "\(error) while \(doing)")
            }
            return
        }
        let code: Code
        switch natsError.code {
        case .timeout: code = .timeout
        case .noResponders: code = .noResponders
        case .connectionClosed: code = .connectionClosed
        case .cancelled: code = .cancelled
        case .invalidArgument: code = .invalidArgument
        default: code = .client
        }
        let message: String
        switch natsError.code {
        case .noResponders: message = "no JetStream server answered while \(doing) (is JetStream enabled, and the domain right?)"
        case .timeout: message = "no answer in time while \(doing)"
        default: message = "\(natsError.message) while \(doing)"
        }
        self.init(code, message)
        self.clientError = natsError
    }
}
