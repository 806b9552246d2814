import NIOCore

/// Turns the reads of a connection into server operations: decodes each read where it lies, and
/// joins an operation split across reads by copying only its own bytes.
///
/// Copying whole reads into one cumulation buffer would double the memory traffic of every message,
/// and payloads are handed out as slices of the reads, so a shared buffer could not grow in place.
struct ServerOpStream {
    private var decoder = ServerOpDecoder()
    /// The start of an operation that has not fully arrived.
    private var leftover: ByteBuffer?

    /// Decodes everything complete in `input`, calling `handle` for each operation in order;
    /// `handle` returns `false` to stop (the connection is closing).
    mutating func feed(_ input: ByteBuffer, allocator: ByteBufferAllocator, handle: (ServerOp) -> Bool) throws {
        var input = input
        if leftover != nil {
            guard try completeLeftover(from: &input, allocator: allocator, handle: handle) else { return }
            if leftover != nil { return }
        }
        while let op = try decoder.decode(buffer: &input) {
            guard handle(op) else { return }
        }
        if input.readableBytes > 0 { leftover = input }
    }

    /// Moves the missing bytes of the split operation from `input` and decodes it. Returns `false` when `handle` stopped.
    private mutating func completeLeftover(
        from input: inout ByteBuffer,
        allocator: ByteBufferAllocator,
        handle: (ServerOp) -> Bool
    ) throws
        -> Bool
    {
        while var pending = leftover, input.readableBytes > 0 {
            let missing: Int
            if let needed = decoder.pendingOperationLength {
                missing = needed - pending.readableBytes
            } else {
                let newline = input.withUnsafeReadableBytes { $0.firstIndex(of: UInt8.lf) }
                missing = newline.map { $0 + 1 } ?? input.readableBytes
            }
            var part = input.readSlice(length: min(missing, input.readableBytes))!
            var joined = allocator.buffer(capacity: pending.readableBytes + part.readableBytes)
            joined.writeBuffer(&pending)
            joined.writeBuffer(&part)
            leftover = nil
            while let op = try decoder.decode(buffer: &joined) {
                guard handle(op) else { return false }
            }
            if joined.readableBytes > 0 { leftover = joined }
        }
        return true
    }
}
