import NIOCore

/// A task executor that runs jobs on one NIO event loop.
///
/// Under `withTaskExecutorPreference(client.taskExecutor) { … }` a consuming loop runs on the thread that reads the
/// socket: a message goes from the read that decoded it to the loop with no hand-off between threads, and a
/// suspended consumer is resumed straight onto the event loop. (An actor whose executor is the event loop does not
/// get this: a resumed continuation goes through the global pool before it hops back to the actor.)
public final class EventLoopTaskExecutor: TaskExecutor {
    /// The event loop the jobs run on.
    public let eventLoop: any EventLoop

    /// An executor for `eventLoop`.
    public init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
