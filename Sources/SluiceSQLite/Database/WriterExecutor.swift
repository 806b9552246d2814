import NIOCore
import NIOPosix

/// A task executor with a thread of its own, on which SQLite writes run their Swift code between statements.
///
/// A write runs several statements, each on SQLiteNIO's thread pool, and its task resumes between them. On the shared
/// cooperative threads it would wait each time behind whatever long jobs are queued there (a batch of records being
/// parsed), with the file's one writing connection idle meanwhile; on a thread of its own it resumes at once.
final class WriterExecutor: TaskExecutor {
    /// The one every SQLite file of the process uses: the work on it between statements is short.
    static let shared = WriterExecutor()

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let loop: any EventLoop

    private init() {
        loop = group.next()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
