import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// Wraps the server's child channel setup so that at most `limit` connections are open at once: a connection
/// accepted over the limit is closed straight away, before a byte of it is read.
struct ConnectionLimitChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    /// The open connections, shared by every connection of one server.
    final class OpenCount: Sendable {
        let value = Mutex(0)
    }

    let base: Base
    let limit: Int
    let open = OpenCount()

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let count = open.value.withLock { count in
            count += 1
            return count
        }
        channel.closeFuture.whenComplete { [open] _ in open.value.withLock { $0 -= 1 } }
        let setUp = base.setup(channel: channel, logger: logger)
        guard count > limit else { return setUp }
        logger.notice(
            "connection closed: the server has max_connections open",
            metadata: ["max_connections": "\(limit)", "remote": "\(channel.remoteAddress?.description ?? "?")"]
        )
        return setUp.map { value in
            channel.close(promise: nil)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
