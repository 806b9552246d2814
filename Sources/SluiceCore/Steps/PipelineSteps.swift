import FoundationEssentials

/// A pipeline's ordered filters and transforms, applied to one record at a time.
///
/// Steps run in order on a copy of the record: the first filter that drops it ends the run with
/// ``StepOutcome/drop(reason:)``, the first transform that fails ends it with ``StepOutcome/reject(_:)``, and a
/// record that passes every step comes out as ``StepOutcome/keep(_:)``. No I/O, no shared state: call it from any
/// number of tasks.
///
/// In configuration it is a list of one-key objects (see ``PipelineStep``):
/// ```yaml
/// steps:
///   - subjects: {include: [es.iconik.>], exclude: [es.iconik.logs, es.iconik.temp]}
///   - where: {path: payload.status, in: [active, archived]}
///   - set: {path: payload.source, value: gcp}
///   - validate: {required: [payload.id]}
/// ```
public struct PipelineSteps: Sendable, Hashable {
    /// The steps, in the order they run.
    public var steps: [PipelineStep]

    /// Steps that run in this order.
    public init(_ steps: [PipelineStep] = []) {
        self.steps = steps
    }

    /// Whether some step filters on the record's subject, so ``apply(_:subject:now:)`` needs one.
    public var needsSubject: Bool {
        steps.contains { step in
            if case .filter(let filter) = step { filter.needsSubject } else { false }
        }
    }

    /// Runs the steps on `envelope`.
    ///
    /// - Parameters:
    ///   - envelope: The record.
    ///   - subject: The subject the record arrived on, for ``Filter/subjects(_:)`` filters; a subjects filter
    ///     rejects a record without one (``SluiceError/Code/invalidSubject``).
    ///   - now: The time written by ``Transform/timestamp(path:format:)`` transforms.
    public func apply(_ envelope: Envelope, subject: String? = nil, now: Date = Date()) -> StepOutcome {
        var envelope = envelope
        do {
            for step in steps {
                switch step {
                case .filter(let filter):
                    if let reason = try filter.dropReason(for: envelope, subject: subject) { return .drop(reason: reason) }
                case .transform(let transform):
                    try transform.apply(to: &envelope, now: now)
                }
            }
        } catch let error as SluiceError {
            return .reject(error)
        } catch {
            return .reject(SluiceError(.transformFailed, "\(error)"))
        }
        return .keep(envelope)
    }
}

extension PipelineSteps: Codable {
    /// Decodes a list of steps.
    public init(from decoder: any Decoder) throws {
        steps = try [PipelineStep](from: decoder)
    }

    /// Encodes the list of steps.
    public func encode(to encoder: any Encoder) throws {
        try steps.encode(to: encoder)
    }
}
