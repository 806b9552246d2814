#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimal blocking IPv4 sockets for probing servers on this machine.
///
/// Only used to tell whether a port is free or accepting, and to read a little from it;
/// never for real traffic.
enum LoopbackSocket {
    #if canImport(Glibc) || canImport(Musl)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    #else
    private static let streamType = SOCK_STREAM
    #endif

    /// Opens a TCP connection, or returns `nil` if nothing accepts on `host:port`.
    static func connect(host: String, port: Int, timeoutSeconds: Int = 2) -> Int32? {
        guard var address = makeAddress(host: host, port: port) else { return nil }
        let fd = socket(AF_INET, streamType, 0)
        guard fd >= 0 else { return nil }
        setTimeouts(fd, seconds: timeoutSeconds)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemConnect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Binds `host:port` (port 0 lets the kernel choose) with `SO_REUSEADDR`, as servers do,
    /// and returns the bound port, or `nil` if the port is taken. The socket is closed again.
    static func bind(host: String, port: Int) -> Int? {
        guard var address = makeAddress(host: host, port: port) else { return nil }
        let fd = socket(AF_INET, streamType, 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemBind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { return nil }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: actual.sin_port))
    }

    /// Sends all of `bytes`; returns `false` on error.
    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Reads until `stop` says the bytes so far are enough, end of stream, error, timeout or `limit` bytes.
    static func receive(_ fd: Int32, limit: Int = 1 << 20, until stop: ([UInt8]) -> Bool = { _ in false }) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while result.count < limit, !stop(result) {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            guard count > 0 else { break }
            result += chunk[0..<count]
        }
        return result
    }

    static func close(_ fd: Int32) {
        _ = systemClose(fd)
    }

    private static func makeAddress(host: String, port: Int) -> sockaddr_in? {
        guard (0...65535).contains(port) else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        let numeric = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, numeric, &address.sin_addr) == 1 else { return nil }
        return address
    }

    private static func setTimeouts(_ fd: Int32, seconds: Int) {
        var timeout = timeval()
        timeout.tv_sec = .init(seconds)
        let size = socklen_t(MemoryLayout<timeval>.size)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, size)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, size)
    }
}

// The C functions share names with `LoopbackSocket`'s methods; these aliases keep calls unambiguous.
#if canImport(Glibc)
private let systemConnect = Glibc.connect
private let systemBind = Glibc.bind
private let systemClose = Glibc.close
#elseif canImport(Musl)
private let systemConnect = Musl.connect
private let systemBind = Musl.bind
private let systemClose = Musl.close
#elseif canImport(Darwin)
private let systemConnect = Darwin.connect
private let systemBind = Darwin.bind
private let systemClose = Darwin.close
#endif
