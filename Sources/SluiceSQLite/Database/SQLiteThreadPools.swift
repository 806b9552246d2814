import NIOPosix

/// The threads SQLite reads run on, apart from the shared pool that runs writes: a search is never queued behind
/// the statements of an index batch.
enum SQLiteThreadPools {
    /// Four threads: enough for two searches over two shards at once, each statement bounded by its budget.
    static let reading: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 4)
        pool.start()
        return pool
    }()
}
