import SluiceCore

/// The publish sink.
public struct PublishSinkConfig: SinkSettings {
    public static let sinkType = "publish"

    /// A subject template; default the pipeline's ``PipelineConfig/subject``.
    public var subject: String?

    /// Creates settings.
    public init(subject: String? = nil) {
        self.subject = subject
    }
}

extension SinkConnector {
    /// Re-publishes each record, one envelope per message, through the transport: `type: publish`.
    public static let publish = SinkConnector(
        PublishSinkConfig.self,
        keys: ["subject"],
        decode: { block in
            var publish = PublishSinkConfig()
            if let subject = block.keys["subject"], let text = block.reader.nonEmptyString(subject) {
                if let problem = SubjectTemplateCheck.problem(in: text) { block.reader.report(subject, problem) } else { publish.subject = text }
            }
            return publish
        },
        make: { settings, context in
            let template = try settings.subject.map { try SubjectTemplate($0, variables: SubjectTemplateCheck.variables) }
            return PublishSink(transport: context.transport, template: template, pipeline: context.pipeline.name)
        }
    )
}
