/// A kind of sink, as a connector contributes it to a ``ConnectorRegistry``: the `type:` it answers to, the keys of
/// its block, how the block is decoded, and how the sink is made when a pipeline starts.
public struct SinkConnector: Sendable {
    /// The `type:` word, such as `search_index`.
    public let type: String
    /// The keys its block may have besides `type`.
    public let keys: [String]
    let decode: @Sendable (ConfigBlock) -> (any ConnectorSettings)?
    let check: @Sendable (any ConnectorSettings, SluiceConfig) -> [String]
    let defaultBatch: @Sendable (_ sourceType: String) -> BatchSettings?
    let make: @Sendable (any ConnectorSettings, PipelineContext) async throws -> any RecordSink

    /// Describes a sink connector.
    ///
    /// - Parameters:
    ///   - settings: The type its block decodes into; its ``SinkSettings/sinkType`` is the `type:` word.
    ///   - keys: The keys its block may have besides `type`; other keys are reported with file, line and field.
    ///   - decode: Reads the block; reports problems through the block's reader and returns `nil` when it cannot.
    ///   - check: Problems with what the settings refer to elsewhere in the file, asked once the whole file is read;
    ///     each is reported at the pipeline.
    ///   - defaultBatch: The batch settings of a pipeline into this sink whose file gives none, by the type of the
    ///     pipeline's source; `nil` for the runtime's defaults.
    ///   - make: The sink; the runtime calls ``RecordSink/prepare()`` on it before the first write.
    public init<Settings: SinkSettings>(
        _ settings: Settings.Type,
        keys: [String],
        decode: @escaping @Sendable (ConfigBlock) -> Settings?,
        check: @escaping @Sendable (Settings, SluiceConfig) -> [String] = { _, _ in [] },
        defaultBatch: @escaping @Sendable (_ sourceType: String) -> BatchSettings? = { _ in nil },
        make: @escaping @Sendable (Settings, PipelineContext) async throws -> any RecordSink
    ) {
        self.type = Settings.sinkType
        self.keys = keys
        self.decode = { decode($0) }
        self.check = { settings, config in (settings as? Settings).map { check($0, config) } ?? [] }
        self.defaultBatch = defaultBatch
        self.make = { settings, context in
            guard let typed = settings as? Settings else { throw ConnectorMismatch(type: Settings.sinkType, settings: settings) }
            return try await make(typed, context)
        }
    }
}
