/// Returns once `condition` holds, looking again every millisecond: for a state another task reaches without
/// telling (a consumer that now waits, a request now registered). The condition should stay true once reached;
/// a test bounds the wait with its time limit or ``withTimeout(_:_:_:)``.
public func waitUntil(_ condition: () -> Bool) async {
    while !condition() { try? await Task.sleep(for: .milliseconds(1)) }
}
