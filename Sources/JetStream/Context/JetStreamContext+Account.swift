extension JetStreamContext {
    /// The account's JetStream usage and limits (`$JS.API.INFO`).
    ///
    /// - Throws: ``JetStreamError`` with ``JetStreamError/Code/noResponders`` when JetStream is not enabled
    ///   or not reachable.
    public func accountInfo() async throws -> AccountInfo {
        try await request("INFO", as: AccountInfo.self)
    }
}
