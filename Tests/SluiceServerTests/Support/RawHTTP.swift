import Foundation
import NIOCore
import NIOPosix

/// A plain TCP connection speaking HTTP/1.1 by hand, for what a client library hides: a `Host` header of
/// one's choosing, connections held open, a connection the server closes without an answer.
final class RawHTTPConnection {
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var received = ""

    private init(inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// Connects to `127.0.0.1:port`, runs `body`, and closes.
    static func with<Value>(port: Int, _ body: (RawHTTPConnection) async throws -> Value) async throws -> Value {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(RawHTTPConnection(inbound: inbound, outbound: outbound))
        }
    }

    /// Sends a `GET` with these headers (`Host` among them when wanted, nothing added).
    func get(_ path: String, headers: [String] = ["Host: localhost"]) async throws {
        let text = (["GET \(path) HTTP/1.1"] + headers).joined(separator: "\r\n") + "\r\n\r\n"
        try await outbound.write(ByteBuffer(string: text))
    }

    /// The next response's status code, or `nil` when the server closed the connection first.
    func status() async throws -> Int? {
        while true {
            if let end = received.range(of: "\r\n\r\n") {
                let head = received[..<end.lowerBound]
                let length =
                    head.split(separator: "\r\n").compactMap { line -> Int? in
                        let parts = line.split(separator: ":", maxSplits: 1)
                        guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                        return Int(parts[1].trimmingCharacters(in: .whitespaces))
                    }.first ?? 0
                let bodyStart = received.utf8.index(end.upperBound, offsetBy: 0)
                if received.utf8[bodyStart...].count >= length {
                    let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) }
                    received = String(received.utf8[received.utf8.index(bodyStart, offsetBy: length)...]) ?? ""
                    return status
                }
            }
            guard let chunk = try await inbound.next() else { return nil }
            received += String(buffer: chunk)
        }
    }
}
