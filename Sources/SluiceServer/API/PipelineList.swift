public import SluiceRuntime

/// The body of `GET /pipelines`: every pipeline, in configuration order.
public struct PipelineList: Sendable, Codable, Equatable {
    public var pipelines: [PipelineStatus]

    public init(pipelines: [PipelineStatus]) {
        self.pipelines = pipelines
    }
}
