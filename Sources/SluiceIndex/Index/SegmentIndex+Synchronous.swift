extension SegmentIndex {
    /// How hard a write is made durable before ``SegmentIndex/apply(_:)`` returns.
    public enum Synchronous: String, Sendable, Hashable, CaseIterable {
        /// Each batch's log record is synced to the disk: an applied change survives a power loss.
        case full
        /// Each batch's log record is written, and synced with the segment it is flushed into: an applied change
        /// survives a crash of the process, but the last ones (those not yet in a segment file) can be lost on a
        /// power loss or a crash of the host.
        case normal
    }
}
