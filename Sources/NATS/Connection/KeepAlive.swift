/// Counts pings the server has not answered yet, to find a stale connection.
struct KeepAlive {
    enum Action: Equatable {
        case sendPing
        case stale
    }

    let maxOutstanding: Int
    private(set) var outstanding = 0

    init(maxOutstanding: Int) {
        self.maxOutstanding = maxOutstanding
    }

    /// Called every ping interval.
    mutating func intervalElapsed() -> Action {
        if outstanding >= maxOutstanding { return .stale }
        outstanding += 1
        return .sendPing
    }

    /// Any pong proves the connection alive.
    mutating func pongReceived() {
        outstanding = 0
    }
}
