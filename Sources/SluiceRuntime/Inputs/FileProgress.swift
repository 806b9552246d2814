/// Follows how far a files source has read, for a progress display.
///
/// The runtime calls it from the source's task: ``start(totalBytes:doneBytes:)`` once the files are listed (with what
/// an earlier run already read), ``advance(bytes:)`` per record read, ``finish()`` when the files are read or the
/// source stops. The `sluice` command draws a bar on a terminal; a library user may log instead.
public protocol FileProgress: Sendable {
    /// The files hold `totalBytes`, of which `doneBytes` were read before.
    func start(totalBytes: Int64, doneBytes: Int64)
    /// `bytes` more were read.
    func advance(bytes: Int)
    /// Reading ended.
    func finish()
}
