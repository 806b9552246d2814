/// The body of `GET /healthz`: the process is alive and serving HTTP.
public struct HealthBody: Sendable, Codable, Equatable {
    /// Always `ok`; a process that cannot answer gives no body at all.
    public var status: String

    public init(status: String = "ok") {
        self.status = status
    }
}
