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
    /// Whether ``leftover`` is a buffer of this stream's own with room for the whole operation, so the bytes still to
    /// come are appended in place: a large message arriving in many reads is copied once, not once per read.
    private var leftoverHasRoom = false

    /// The largest payload accepted: the server's `max_payload` from its latest `INFO`.
    var maxPayload: Int { decoder.maxPayload }

    /// Decodes everything complete in `input`, calling `handle` for each operation in order;
    /// `handle` returns `false` to stop (the connection is closing).
    mutating func feed(_ input: ByteBuffer, allocator: ByteBufferAllocator, handle: (ServerOp) -> Bool) throws {
        var input = input
        if leftover != nil {
            guard try completeLeftover(from: &input, allocator: allocator, handle: handle) else { return }
            if leftover != nil { return }
        }
        while let op = try decoder.decode(buffer: &input) {
            follow(op)
            guard handle(op) else { return }
        }
        if input.readableBytes > 0 { keep(input) }
    }

    /// Takes the server's `max_payload` from an `INFO`, so a larger message is refused before it is buffered.
    private mutating func follow(_ op: ServerOp) {
        if case .info(let info) = op, info.maxPayload > 0 { decoder.maxPayload = info.maxPayload }
    }

    private mutating func keep(_ rest: ByteBuffer) {
        leftover = rest
        leftoverHasRoom = false
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
            leftover = nil  // `pending` holds the only reference, so appending to it does not copy what it has
            let missing: Int
            if let needed = decoder.pendingOperationLength {
                missing = needed - pending.readableBytes
                if !leftoverHasRoom {
                    // The size is known from the control line: one buffer for the whole operation, filled in place.
                    var whole = allocator.buffer(capacity: needed)
                    whole.writeBuffer(&pending)
                    pending = whole
                    leftoverHasRoom = true
                }
            } else {
                let newline = input.withUnsafeReadableBytes { $0.firstIndex(of: UInt8.lf) }
                missing = newline.map { $0 + 1 } ?? input.readableBytes
                if !leftoverHasRoom {
                    // A control line, at most ServerOpDecoder.maxControlLineLength: joined by copying.
                    var joined = allocator.buffer(capacity: pending.readableBytes + min(missing, input.readableBytes))
                    joined.writeBuffer(&pending)
                    pending = joined
                }
            }
            var part = input.readSlice(length: min(missing, input.readableBytes))!
            pending.writeBuffer(&part)
            var decodedAny = false
            while let op = try decoder.decode(buffer: &pending) {
                decodedAny = true
                follow(op)
                guard handle(op) else { return false }
            }
            if pending.readableBytes > 0 {
                leftover = pending
                if decodedAny { leftoverHasRoom = false }
            } else {
                leftoverHasRoom = false
            }
        }
        return true
    }
}
