import Dispatch

/// Probes for servers on this machine: is a port accepting, what does it say first,
/// what does an HTTP endpoint answer. Each call runs its blocking socket work off the
/// Swift concurrency thread pool.
public enum LoopbackProbe {
    /// An HTTP response, as far as probes need it.
    public struct HTTPResponse: Sendable {
        /// The status code, e.g. 200.
        public var status: Int
        /// The body, decoded as UTF-8.
        public var body: String
    }

    /// Whether something accepts TCP connections on `host:port`.
    public static func isAccepting(host: String = "127.0.0.1", port: Int) async -> Bool {
        await offloaded {
            guard let fd = LoopbackSocket.connect(host: host, port: port) else { return false }
            LoopbackSocket.close(fd)
            return true
        }
    }

    /// Connects and returns the first line the server sends (a NATS server sends `INFO {…}`),
    /// without the line end, or `nil` if it cannot connect or nothing arrives within `timeoutSeconds`.
    public static func firstLine(host: String = "127.0.0.1", port: Int, timeoutSeconds: Int = 2) async -> String? {
        await offloaded {
            guard let fd = LoopbackSocket.connect(host: host, port: port, timeoutSeconds: timeoutSeconds) else { return nil }
            defer { LoopbackSocket.close(fd) }
            let bytes = LoopbackSocket.receive(fd, limit: 1 << 16) { $0.contains(UInt8(ascii: "\n")) }
            guard let end = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            var line = bytes[..<end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            return String(decoding: line, as: UTF8.self)
        }
    }

    /// Sends `GET path` over HTTP/1.0 and returns the response, or `nil` if the server cannot be reached
    /// or does not answer with HTTP.
    public static func httpGet(host: String = "127.0.0.1", port: Int, path: String, timeoutSeconds: Int = 2) async -> HTTPResponse? {
        await offloaded {
            guard let fd = LoopbackSocket.connect(host: host, port: port, timeoutSeconds: timeoutSeconds) else { return nil }
            defer { LoopbackSocket.close(fd) }
            let request = "GET \(path) HTTP/1.0\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n"
            guard LoopbackSocket.send(fd, Array(request.utf8)) else { return nil }
            return parseHTTPResponse(LoopbackSocket.receive(fd))
        }
    }

    /// Finds a free TCP port on `host`. Ports handed out are remembered for the life of the
    /// process and never handed out twice, so parallel tests do not race for the same one.
    public static func freePort(host: String = "127.0.0.1") throws -> Int {
        try PortRegistry.claimFreePort(host: host)
    }

    /// Whether `port` on `host` can be listened on now.
    public static func isFree(host: String = "127.0.0.1", port: Int) -> Bool {
        LoopbackSocket.bind(host: host, port: port) != nil
    }

    static func parseHTTPResponse(_ bytes: [UInt8]) -> HTTPResponse? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let headerEnd = text.firstRange(of: "\r\n\r\n") else { return nil }
        let statusLine = text[..<headerEnd.lowerBound].prefix { $0 != "\r" }
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else { return nil }
        return HTTPResponse(status: status, body: String(text[headerEnd.upperBound...]))
    }

    private static func offloaded<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }
}
