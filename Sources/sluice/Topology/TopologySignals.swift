import UnixSignals

/// Waiting for Ctrl-C or SIGTERM.
enum TopologySignals {
    /// Returns at the first SIGINT or SIGTERM.
    static func waitForInterrupt() async {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        for await _ in signals { return }
    }
}
