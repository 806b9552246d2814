/// What pipeline steps decided for one record.
public enum StepOutcome: Sendable, Hashable {
    /// Pass the record on, as the transforms left it.
    case keep(Envelope)
    /// A filter left the record out on purpose; acknowledge it without delivering. `reason` says which filter.
    case drop(reason: String)
    /// The record cannot be processed (it fails validation or a transform); send it to the DLQ with the error.
    case reject(SluiceError)
}
