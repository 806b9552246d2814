/// A kind of source, as a connector contributes it to a ``ConnectorRegistry``: the `type:` it answers to, the keys of
/// its block, how the block is decoded, and how the source is made when a pipeline starts.
public struct SourceConnector: Sendable {
    /// The `type:` word, such as `files`.
    public let type: String
    /// The keys its block may have besides `type`.
    public let keys: [String]
    /// The pipeline's subject template when the file gives none; `nil` for the runtime's default.
    public let defaultSubject: String?
    let decode: @Sendable (ConfigBlock) -> (any ConnectorSettings)?
    let check: @Sendable (any ConnectorSettings, SluiceConfig) -> [String]
    let make: @Sendable (any ConnectorSettings, PipelineContext) async throws -> (any RecordSource)?

    /// Describes a source connector.
    ///
    /// - Parameters:
    ///   - settings: The type its block decodes into; its ``SourceSettings/sourceType`` is the `type:` word.
    ///   - keys: The keys its block may have besides `type`; other keys are reported with file, line and field.
    ///   - defaultSubject: The pipeline's subject template when the file gives none.
    ///   - decode: Reads the block; reports problems through the block's reader and returns `nil` when it cannot.
    ///   - check: Problems with what the settings refer to elsewhere in the file (a cluster that is not defined),
    ///     asked once the whole file is read; each is reported at the pipeline.
    ///   - make: The source that runs in the process, or `nil` when the pipeline's records arrive another way (HTTP
    ///     ingest, an existing stream of the transport).
    public init<Settings: SourceSettings>(
        _ settings: Settings.Type,
        keys: [String],
        defaultSubject: String? = nil,
        decode: @escaping @Sendable (ConfigBlock) -> Settings?,
        check: @escaping @Sendable (Settings, SluiceConfig) -> [String] = { _, _ in [] },
        make: @escaping @Sendable (Settings, PipelineContext) async throws -> (any RecordSource)?
    ) {
        self.type = Settings.sourceType
        self.keys = keys
        self.defaultSubject = defaultSubject
        self.decode = { decode($0) }
        self.check = { settings, config in (settings as? Settings).map { check($0, config) } ?? [] }
        self.make = { settings, context in
            guard let typed = settings as? Settings else { throw ConnectorMismatch(type: Settings.sourceType, settings: settings) }
            return try await make(typed, context)
        }
    }
}

/// A pipeline's settings are not of the type its connector decodes (settings made in code with the wrong type name).
struct ConnectorMismatch: Error, CustomStringConvertible {
    var type: String
    var settings: any ConnectorSettings
    var description: String { "the \(type) connector cannot use settings of type \(Swift.type(of: settings))" }
}
