/// The subscriptions that received messages during one read of the socket, to wake their consumers once at its end.
struct DeliveryBatch {
    private var buffers: [SubscriptionBuffer] = []

    mutating func add(_ buffer: SubscriptionBuffer) {
        if let last = buffers.last, last === buffer { return }
        if buffers.contains(where: { $0 === buffer }) { return }
        buffers.append(buffer)
    }

    /// Wakes every consumer that has messages waiting.
    mutating func wake() {
        for buffer in buffers { buffer.wakeConsumer() }
        buffers.removeAll(keepingCapacity: true)
    }
}
