import NIOCore
import Synchronization

/// An async queue with a fixed capacity between two pipeline stages: ``send(_:)`` waits while it is full,
/// so a slow consumer slows the producer instead of growing memory. It holds at most `capacity` elements: one
/// received is released at once (a batch of a thousand records must not outlive its delivery).
///
/// Many senders and one or more receivers may use it. After ``finish()`` senders fail and receivers get
/// the remaining elements, then `nil`. Cancelling a waiting sender or receiver makes it return at once.
public final class BoundedChannel<Element: Sendable>: Sendable {
    private struct State {
        var buffer = CircularBuffer<Element>()
        var finished = false
        var waitingSenders: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        var waitingReceivers: [(id: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var nextID = 0
    }

    private enum SendStep {
        case added(CheckedContinuation<Void, Never>?)
        case closed
        case wait(Int)
    }
    private enum ReceiveStep {
        case element(Element, CheckedContinuation<Bool, Never>?)
        case done
        case wait(Int)
    }

    /// The most elements held at once.
    public let capacity: Int
    private let state = Mutex(State())

    /// Creates a channel holding at most `capacity` elements (at least 1).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Elements waiting now.
    public var count: Int { state.withLock { $0.buffer.count } }
    /// Senders waiting for room.
    var waitingSenders: Int { state.withLock { $0.waitingSenders.count } }

    /// Adds an element, waiting while the channel is full.
    /// - Returns: `false` if the channel was finished or the task cancelled; the element was not added.
    @discardableResult
    public func send(_ element: Element) async -> Bool {
        while true {
            if Task.isCancelled { return false }
            let step: SendStep = state.withLock { state in
                if state.finished { return .closed }
                if state.buffer.count < capacity {
                    state.buffer.append(element)
                    let receiver = state.waitingReceivers.isEmpty ? nil : state.waitingReceivers.removeFirst().continuation
                    return .added(receiver)
                }
                state.nextID += 1
                return .wait(state.nextID)
            }
            switch step {
            case .added(let receiver):
                receiver?.resume()
                return true
            case .closed:
                return false
            case .wait(let id):
                let retry = await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let resumeNow = state.withLock { state -> Bool in
                            if state.finished || state.buffer.count < capacity || Task.isCancelled { return true }
                            state.waitingSenders.append((id, continuation))
                            return false
                        }
                        if resumeNow { continuation.resume(returning: true) }
                    }
                } onCancel: {
                    let continuation = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                        guard let index = state.waitingSenders.firstIndex(where: { $0.id == id }) else { return nil }
                        return state.waitingSenders.remove(at: index).continuation
                    }
                    continuation?.resume(returning: false)
                }
                if !retry { return false }
            }
        }
    }

    /// The next element, waiting while the channel is empty; `nil` once it is finished and drained, or when cancelled.
    public func receive() async -> Element? {
        while true {
            let step: ReceiveStep = state.withLock { state in
                if let element = state.buffer.popFirst() {
                    let sender = state.waitingSenders.isEmpty ? nil : state.waitingSenders.removeFirst().continuation
                    return .element(element, sender)
                }
                if state.finished { return .done }
                state.nextID += 1
                return .wait(state.nextID)
            }
            switch step {
            case .element(let element, let sender):
                sender?.resume(returning: true)
                return element
            case .done:
                return nil
            case .wait(let id):
                if Task.isCancelled { return nil }
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let resumeNow = state.withLock { state -> Bool in
                            if !state.buffer.isEmpty || state.finished || Task.isCancelled { return true }
                            state.waitingReceivers.append((id, continuation))
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
                        guard let index = state.waitingReceivers.firstIndex(where: { $0.id == id }) else { return nil }
                        return state.waitingReceivers.remove(at: index).continuation
                    }
                    continuation?.resume()
                }
                if Task.isCancelled { return nil }
            }
        }
    }

    /// The next element if one is buffered now, without waiting.
    public func tryReceive() -> Element? {
        let (element, sender) = state.withLock { state -> (Element?, CheckedContinuation<Bool, Never>?) in
            guard let element = state.buffer.popFirst() else { return (nil, nil) }
            return (element, state.waitingSenders.isEmpty ? nil : state.waitingSenders.removeFirst().continuation)
        }
        sender?.resume(returning: true)
        return element
    }

    /// Stops accepting elements; receivers still get what is buffered.
    public func finish() {
        let (senders, receivers) = state.withLock { state in
            state.finished = true
            defer {
                state.waitingSenders = []
                state.waitingReceivers = []
            }
            return (state.waitingSenders, state.waitingReceivers)
        }
        for sender in senders { sender.continuation.resume(returning: false) }
        for receiver in receivers { receiver.continuation.resume() }
    }
}
