import NIOPosix

/// A task executor with a thread of its own, on which one SQLite file's writes run their Swift code between statements.
///
/// A write runs several statements, each on SQLiteNIO's thread pool, and its task resumes between them. On the shared
/// cooperative threads it would wait each time behind whatever long jobs are queued there (a batch of records being
/// parsed), with the file's one writing connection idle meanwhile; on a thread of its own it resumes at once. Each
/// file has its own, so the shards of an index still write side by side. The thread ends with the executor.
final class WriterExecutor: TaskExecutor {
    private let thread = NIOThreadPool(numberOfThreads: 1)

    init() {
        thread.start()
    }

    deinit {
        thread.shutdownGracefully { _ in }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // The job holds its executor, so the thread is only stopped (in `deinit`) once no job is left to run.
        thread.submit { _ in job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
