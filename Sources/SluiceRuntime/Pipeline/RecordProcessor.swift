import FoundationEssentials
import NIOCore
import SluiceCore

/// Everything a pipeline does to one record before the sink: decode it, render its subject, run the filters and
/// transforms. Pure, so it is tested without I/O.
struct RecordProcessor: Sendable {
    let decoder: RecordDecoder
    let template: SubjectTemplate
    let steps: PipelineSteps
    /// The template's variables besides the envelope's fields.
    private let variables: [String: String]

    init(config: PipelineConfig) throws {
        decoder = RecordDecoder(settings: config.record, pipeline: config.name)
        template = try SubjectTemplate(config.subject, variables: SubjectTemplateCheck.variables)
        steps = config.steps
        variables = ["pipeline": config.name]
    }

    /// What became of one record.
    enum Outcome: Sendable {
        /// Ready for the sink.
        case deliver(SinkRecord)
        /// Dropped by a filter; acknowledged without delivery.
        case filtered(reason: String)
        /// Cannot be delivered; goes to the DLQ with the reason and the subject (rendered when possible).
        case reject(reason: String, subject: String?)
    }

    func process(_ bytes: ByteBuffer, at time: DecodingTime) -> Outcome {
        let envelope: Envelope
        switch decoder.decode(bytes, at: time) {
        case .success(let decoded): envelope = decoded
        case .failure(let rejection): return .reject(reason: rejection.reason, subject: nil)
        }
        let subject: String
        do {
            subject = try template.render(envelope, variables: variables)
        } catch let error as SluiceError {
            return .reject(reason: "cannot render the subject: \(error.reason)", subject: nil)
        } catch {
            return .reject(reason: "cannot render the subject: \(error)", subject: nil)
        }
        switch steps.apply(envelope, subject: subject, now: time.date) {
        case .keep(let result): return .deliver(SinkRecord(envelope: result, subject: subject))
        case .drop(let reason): return .filtered(reason: reason)
        case .reject(let error): return .reject(reason: "\(error.code): \(error.reason)", subject: subject)
        }
    }
}
