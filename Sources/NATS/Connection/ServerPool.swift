/// The servers a client may connect to, and the order and pace of reconnect attempts.
///
/// A pure value: the caller passes the time (as a duration since any fixed point) and a source of
/// randomness, so tests drive it step by step.
struct ServerPool {
    struct Server: Equatable {
        var url: NATSServerURL
        /// Failed attempts since the last successful connection to it.
        var failedAttempts = 0
        /// When it was last tried, if ever.
        var lastAttempt: Duration?
        /// Learnt from the cluster's `connect_urls` rather than configured.
        var discovered = false
    }

    /// What to do next.
    enum Step: Equatable {
        case connect(NATSServerURL)
        case wait(Duration)
        case giveUp
    }

    private(set) var servers: [Server]
    let maxAttempts: Int
    let reconnectWait: Duration
    let randomize: Bool

    init(urls: [NATSServerURL], maxAttempts: Int, reconnectWait: Duration, randomize: Bool, using generator: inout some RandomNumberGenerator) {
        var unique: [NATSServerURL] = []
        for url in urls where !unique.contains(where: { $0.address == url.address }) { unique.append(url) }
        if randomize { unique.shuffle(using: &generator) }
        servers = unique.map { Server(url: $0) }
        self.maxAttempts = maxAttempts
        self.reconnectWait = reconnectWait
        self.randomize = randomize
    }

    /// Adds servers announced by the cluster (`host:port`), keeping the scheme and credentials of the configured ones.
    mutating func addDiscovered(_ addresses: [String], using generator: inout some RandomNumberGenerator) {
        let template = servers.first?.url
        var added: [Server] = []
        for address in addresses {
            guard var url = try? NATSServerURL(parsing: address) else { continue }
            if let template {
                url.scheme = template.scheme
                url.user = template.user
                url.password = template.password
            }
            guard !servers.contains(where: { $0.url.address == url.address }), !added.contains(where: { $0.url.address == url.address })
            else { continue }
            added.append(Server(url: url, discovered: true))
        }
        if randomize { added.shuffle(using: &generator) }
        servers.append(contentsOf: added)
    }

    /// Records a successful connection to `url` at `now`: after losing it, the other servers are tried first.
    mutating func connected(to url: NATSServerURL, now: Duration) {
        guard let index = servers.firstIndex(where: { $0.url.address == url.address }) else { return }
        servers[index].failedAttempts = 0
        servers[index].lastAttempt = now
    }

    /// Records a failed attempt on `url`, dropping it once it has failed `maxAttempts` times in a row.
    mutating func failed(_ url: NATSServerURL) {
        guard let index = servers.firstIndex(where: { $0.url.address == url.address }) else { return }
        servers[index].failedAttempts += 1
        if maxAttempts >= 0 && servers[index].failedAttempts >= maxAttempts {
            servers.remove(at: index)
        }
    }

    /// Drops `url` from the pool for good.
    mutating func remove(_ url: NATSServerURL) {
        servers.removeAll { $0.url.address == url.address }
    }

    /// The next step of a reconnect: among the servers whose reconnect wait is over, a configured one before a
    /// discovered one, a never-tried one before a tried one, then the one tried longest ago; when none is ready, a
    /// wait for the first that will be.
    mutating func nextStep(now: Duration, jitter: Duration) -> Step {
        guard !servers.isEmpty else { return .giveUp }
        let readyAt = servers.map { server in server.lastAttempt.map { $0 + reconnectWait + jitter } }
        let ready = servers.indices.filter { readyAt[$0].map { $0 <= now } ?? true }
        guard
            let index = ready.min(by: { lhs, rhs in
                let left = servers[lhs]
                let right = servers[rhs]
                if left.discovered != right.discovered { return !left.discovered }
                switch (left.lastAttempt, right.lastAttempt) {
                case (nil, .some): return true
                case (.some(let leftTime), .some(let rightTime)): return leftTime < rightTime
                default: return false
                }
            })
        else {
            return .wait(readyAt.compactMap { $0 }.min()! - now)
        }
        servers[index].lastAttempt = now
        return .connect(servers[index].url)
    }

    /// Every server, for the first connection, in pool order.
    var urls: [NATSServerURL] { servers.map(\.url) }
}
