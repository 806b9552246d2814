import SluiceCore
import SluiceRuntime
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A progress bar on stderr for a files source, drawn only when stderr is a terminal, at most ten times a second.
public final class TerminalProgressBar: FileProgress {
    private struct State {
        var total: Int64 = 0
        var done: Int64 = 0
        var started = ContinuousClock.now
        var startDone: Int64 = 0
        var lastDraw = ContinuousClock.now - .seconds(1)
        var active = false
    }
    private let label: String
    private let state = Mutex(State())

    /// A reporter when stderr is a terminal, else `nil`.
    public static func forTerminal(label: String) -> TerminalProgressBar? {
        isatty(STDERR_FILENO) == 1 ? TerminalProgressBar(label: label) : nil
    }

    init(label: String) {
        self.label = label
    }

    public func start(totalBytes: Int64, doneBytes: Int64) {
        state.withLock {
            $0 = State()
            $0.total = totalBytes
            $0.done = doneBytes
            $0.startDone = doneBytes
            $0.active = true
        }
        draw(force: true)
    }

    public func advance(bytes: Int) {
        state.withLock { $0.done += Int64(bytes) }
        draw(force: false)
    }

    public func finish() {
        draw(force: true)
        let wasActive = state.withLock { state in
            defer { state.active = false }
            return state.active
        }
        if wasActive { StandardError.write("\n") }
    }

    private func draw(force: Bool) {
        let line: String? = state.withLock { state in
            guard state.active else { return nil }
            let now = ContinuousClock.now
            if !force, now - state.lastDraw < .milliseconds(100) { return nil }
            state.lastDraw = now
            let fraction = state.total > 0 ? min(1, Double(state.done) / Double(state.total)) : 1
            let width = 30
            let filled = Int(fraction * Double(width))
            let elapsed = now - state.started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let rate = seconds > 0 ? Double(state.done - state.startDone) / seconds / 1_048_576 : 0
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            return
                "\r\(label) [\(bar)] \(Int(fraction * 100))%  \(state.done / 1024) / \(state.total / 1024) KiB  \(Int(rate)).\(Int(rate * 10) % 10) MiB/s"
        }
        if let line { StandardError.write(line) }
    }
}
