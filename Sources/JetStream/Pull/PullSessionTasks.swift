import NATS
import Synchronization

/// The background tasks and inbox subscription of a pull session, released together when it ends.
final class PullSessionTasks: Sendable {
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let subscription: NATSSubscription

    init(subscription: NATSSubscription) {
        self.subscription = subscription
    }

    /// Keeps the session's running tasks, to cancel them at the end.
    func adopt(_ running: [Task<Void, Never>]) {
        tasks.withLock { $0 = running }
    }

    /// Cancels the tasks and unsubscribes the inbox; later calls do nothing more than unsubscribe again.
    func release() {
        let running = tasks.withLock { tasks in
            let current = tasks
            tasks = []
            return current
        }
        for task in running { task.cancel() }
        let subscription = self.subscription
        Task { try? await subscription.unsubscribe() }
    }
}
