import Foundation
import ServiceLifecycle
import SluiceRuntime
import Synchronization

/// Prints one line when the files sources have been read and every record is indexed or dead-lettered, so a
/// `sluice dev` user knows the quickstart corpus is searchable, and how long it took.
struct CatchUpReporter: Service {
    let runtime: PipelineRuntime
    let started: ContinuousClock.Instant
    /// Set once the banner is printed; the line comes after it.
    let bannerPrinted: OnceFlag

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if bannerPrinted.isSet, runtime.sourcesFinished, await caughtUp() {
                let statuses = await runtime.pipelineStatuses()
                let delivered = statuses.reduce(0) { $0 + $1.counters.recordsOut }
                let deadLettered = statuses.reduce(0) { $0 + $1.counters.recordsDeadLettered }
                let elapsed = (ContinuousClock.now - started).components
                let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
                var line = "sluice dev: caught up after \(String(format: "%.1f", seconds)) s: \(delivered) records indexed this run"
                if deadLettered > 0 { line += ", \(deadLettered) in the dead letters (curl the /dlq line above to see why)" }
                print(line)
                fflush(nil)
                break
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        try? await gracefulShutdown()
    }

    private func caughtUp() async -> Bool {
        for status in await runtime.pipelineStatuses() where status.source == "files" {
            guard let pending = try? await runtime.pending(pipeline: status.name), pending == 0 else { return false }
        }
        return true
    }
}

/// A flag set once, read from any task.
final class OnceFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
