#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Syncs a file's data to the disk on a thread of its own, so that the caller works on while the disk takes it:
/// ``start(_:path:)`` hands a sync over, ``wait()`` returns once it is done (or throws its error). One sync at a
/// time; ``stop()`` ends the thread.
final class FileSyncer: @unchecked Sendable {
    private enum State {
        case idle
        case requested(descriptor: Int32, path: String)
        case syncing
        case done((any Error)?)
    }

    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var state = State.idle
    private var stopping = false
    private var thread: pthread_t?

    init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
        thread = startThread { self.loop() }
    }

    // The thread holds this object until it ends, so nothing waits on these any more.
    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    /// Starts syncing the data of `descriptor` (the file at `path`, named in errors).
    func start(_ descriptor: Int32, path: String) {
        pthread_mutex_lock(&mutex)
        guard case .idle = state else { preconditionFailure("a sync is already running") }
        state = .requested(descriptor: descriptor, path: path)
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
    }

    /// Waits for the sync ``start(_:path:)`` began, and throws its error; returns at once when none was started.
    func wait() throws {
        pthread_mutex_lock(&mutex)
        var outcome: (any Error)?
        waiting: while true {
            switch state {
            case .requested, .syncing: pthread_cond_wait(&condition, &mutex)
            case .done(let error):
                outcome = error
                break waiting
            case .idle: break waiting
            }
        }
        state = .idle
        pthread_mutex_unlock(&mutex)
        if let outcome { throw outcome }
    }

    /// Ends the thread, after the sync it was asked for.
    func stop() {
        pthread_mutex_lock(&mutex)
        stopping = true
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
    }

    private func loop() {
        pthread_mutex_lock(&mutex)
        while true {
            guard case .requested(let descriptor, let path) = state else {
                if stopping { break }
                pthread_cond_wait(&condition, &mutex)
                continue
            }
            state = .syncing
            pthread_mutex_unlock(&mutex)
            var failure: (any Error)?
            do { try Files.sync(descriptor, dataOnly: true, path: path) } catch { failure = error }
            pthread_mutex_lock(&mutex)
            state = .done(failure)
            pthread_cond_broadcast(&condition)
        }
        pthread_mutex_unlock(&mutex)
    }
}
