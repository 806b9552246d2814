#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread of its own that runs `work` whenever it is woken, until stopped: merges run there so that neither
/// writers nor Swift's cooperative threads wait for them.
final class BackgroundThread: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var pending = false
    private var stopping = false
    private var thread: pthread_t?
    private let work: @Sendable () -> Void

    init(_ work: @escaping @Sendable () -> Void) {
        self.work = work
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
        thread = startThread { self.loop() }
    }

    // The thread holds this object until it ends, so nothing waits on these any more.
    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    /// Asks for one more run of the work.
    func wake() {
        pthread_mutex_lock(&mutex)
        pending = true
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
    }

    /// Waits for the current run to finish and stops the thread.
    func stop() {
        pthread_mutex_lock(&mutex)
        stopping = true
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
    }

    private func loop() {
        while true {
            pthread_mutex_lock(&mutex)
            while !pending && !stopping { pthread_cond_wait(&condition, &mutex) }
            let stop = stopping
            pending = false
            pthread_mutex_unlock(&mutex)
            if stop { return }
            work()
        }
    }
}
