#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The signals ``NATSServerProcess`` sends to its child.
enum ProcessSignal {
    /// Asks the server to shut down.
    case terminate
    /// Ends the server at once, as a crash would.
    case kill
    /// Puts the server into lame-duck mode: it stops accepting, then closes clients over a grace period.
    case lameDuck

    var number: Int32 {
        switch self {
        case .terminate: SIGTERM
        case .kill: SIGKILL
        case .lameDuck: SIGUSR2
        }
    }

    /// Sends the signal to `pid`; returns `false` if the process does not exist.
    @discardableResult
    func send(to pid: Int32) -> Bool {
        sendSignal(pid_t(pid), number) == 0
    }
}

#if canImport(Glibc)
private let sendSignal = Glibc.kill
#elseif canImport(Musl)
private let sendSignal = Musl.kill
#elseif canImport(Darwin)
private let sendSignal = Darwin.kill
#endif
