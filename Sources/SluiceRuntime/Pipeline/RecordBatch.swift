import NIOCore

/// Records grouped for one transport message.
struct RecordBatch: Sendable {
    var records: [ByteBuffer] = []
    var bytes = 0
    /// The position after the first and the last record, for the deduplication id and the checkpoint.
    var firstPosition: SourcePosition?
    var lastPosition: SourcePosition?
    /// When the oldest record of the batch was received, for the end-to-end latency.
    var receivedAt = WallClock.Instant.zero

    var isEmpty: Bool { records.isEmpty }

    /// The transport message carrying this batch: its records as NDJSON, their count and when they arrived.
    func message(subject: String, messageID: String?) -> TransportOutgoingMessage {
        TransportOutgoingMessage(
            subject: subject,
            payload: BatchCodec.encode(records),
            headers: [SluiceHeader.batchCount: String(records.count), SluiceHeader.receivedAt: receivedAt.headerValue],
            messageID: messageID
        )
    }
}

/// The batching rule, without time: a batch is full at `maxRecords` records or `maxBytes` bytes. The batching
/// stage adds the age limit.
struct Batcher: Sendable {
    let maxRecords: Int
    let maxBytes: Int
    private(set) var current = RecordBatch()

    init(maxRecords: Int, maxBytes: Int) {
        self.maxRecords = max(1, maxRecords)
        self.maxBytes = max(1, maxBytes)
    }

    /// Adds a record; returns the batch to send when one is complete. A record that would push the batch over
    /// `maxBytes`, or that comes from another file, closes the current batch and starts the next one (a record larger
    /// than `maxBytes` is sent alone).
    mutating func append(_ record: SourceRecord) -> RecordBatch? {
        var completed: RecordBatch?
        let size = record.bytes.readableBytes + 1
        // A batch holds records of one file, so its checkpoint (the last position) covers all of them.
        let otherFile = record.position != nil && current.lastPosition != nil && record.position?.file != current.lastPosition?.file
        if !current.isEmpty, current.bytes + size > maxBytes || otherFile {
            completed = current
            current = RecordBatch()
        }
        if current.isEmpty { current.receivedAt = .now }
        current.records.append(record.bytes)
        current.bytes += size
        if current.firstPosition == nil { current.firstPosition = record.position }
        current.lastPosition = record.position ?? current.lastPosition
        if current.records.count >= maxRecords || current.bytes >= maxBytes {
            precondition(completed == nil || current.records.count == 1)
            if completed == nil {
                completed = current
                current = RecordBatch()
            }
        }
        return completed
    }

    /// Whether a completed batch is waiting in `current` because ``append(_:)`` returned the previous one.
    var currentIsFull: Bool { current.records.count >= maxRecords || current.bytes >= maxBytes }

    /// Takes whatever is buffered.
    mutating func flush() -> RecordBatch? {
        guard !current.isEmpty else { return nil }
        defer { current = RecordBatch() }
        return current
    }
}

/// The wire form of a batch between Sluice's own stages: NDJSON, one record per line, with the count in the
/// ``SluiceHeader/batchCount`` header.
enum BatchCodec {
    /// The NDJSON body.
    static func encode(_ records: [ByteBuffer]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(records.reduce(0) { $0 + $1.readableBytes + 1 })
        for record in records {
            buffer.writeImmutableBuffer(record)
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        return buffer
    }

    /// The records of a message body: its non-empty lines (without `\r`).
    static func split(_ payload: ByteBuffer) -> [ByteBuffer] {
        var records: [ByteBuffer] = []
        let view = payload.readableBytesView
        var start = view.startIndex
        while start < view.endIndex {
            let end = view[start...].firstIndex(of: UInt8(ascii: "\n")) ?? view.endIndex
            var lineEnd = end
            if lineEnd > start, view[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            if lineEnd > start, let slice = payload.getSlice(at: payload.readerIndex + (start - view.startIndex), length: lineEnd - start),
                !slice.readableBytesView.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
            {
                records.append(slice)
            }
            start = end < view.endIndex ? end + 1 : end
        }
        return records
    }
}
