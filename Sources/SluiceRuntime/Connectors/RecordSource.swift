public import NIOCore

/// A source that feeds a pipeline from this process, made by a ``SourceConnector``.
///
/// The contract: ``run(into:stopping:)`` reads records into `output` until it has no more, `stopping()` turns true,
/// or the task is cancelled. The runtime batches the records, stores each batch in the transport, and only then
/// calls ``commit(_:)`` with the position after the batch's last record: a source saves its position there and
/// nowhere else, so a crash re-reads at most the batches that were not stored (the transport's duplicate window and
/// the sinks' versions absorb the repeats). A source that cannot resume gives records no position.
public protocol RecordSource: Sendable {
    /// Reads records into `output`; returns when done, when `stopping()` turns true, or when cancelled. A `false` from
    /// ``BoundedChannel/send(_:)`` means the pipeline is stopping: return.
    func run(into output: BoundedChannel<SourceRecord>, stopping: @escaping @Sendable () -> Bool) async throws
    /// Remembers that everything up to `position` is stored.
    func commit(_ position: SourcePosition) async throws
}

/// One record read by a source: its bytes (one JSON document, no line break) and where the source is after it.
public struct SourceRecord: Sendable {
    /// The record as received.
    public var bytes: ByteBuffer
    /// The source's position after this record, saved once the batch holding it is stored; `nil` for sources
    /// that cannot resume (HTTP).
    public var position: SourcePosition?

    /// Creates a record.
    public init(bytes: ByteBuffer, position: SourcePosition?) {
        self.bytes = bytes
        self.position = position
    }
}

/// Where a resumable source is: what it reads (a file's path, or a name of the source's choosing) and how far, as an
/// offset that only grows. The first and last positions of a batch also make its deduplication id.
public struct SourcePosition: Sendable, Hashable {
    /// What the source reads.
    public var file: String
    /// How far: the byte offset after the record, or a sequence number.
    public var offset: Int64

    /// Creates a position.
    public init(file: String, offset: Int64) {
        self.file = file
        self.offset = offset
    }
}
