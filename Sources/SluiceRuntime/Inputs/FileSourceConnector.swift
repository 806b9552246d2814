/// Files read line by line (NDJSON) or row by row (CSV).
public struct FileSourceConfig: SourceSettings {
    public static let sourceType = "files"

    /// File formats.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// One JSON object per line.
        case ndjson
        /// Comma-separated values with a header row; every value is a string.
        case csv
    }
    /// Glob patterns (`data/*.ndjson`), relative to the working directory.
    public var paths: [String]
    /// Default: from the file extension (`.csv` is CSV, anything else NDJSON).
    public var format: Format?
    /// Show a progress bar when stderr is a terminal. Default `true`.
    public var progress: Bool = true

    /// Creates settings.
    public init(paths: [String]) {
        self.paths = paths
    }
}

extension SourceConnector {
    /// Files matching globs, read once and resumable: `type: files`.
    public static let files = SourceConnector(
        FileSourceConfig.self,
        keys: ["paths", "format", "progress"],
        decode: { block in
            guard let pathsField = block.require("paths", what: "a glob or a list of globs"),
                let paths = block.reader.stringList(pathsField)
            else { return nil }
            var files = FileSourceConfig(paths: paths)
            if let format = block.keys["format"] { files.format = block.reader.choice(format, as: FileSourceConfig.Format.self) }
            if let progress = block.keys["progress"] { files.progress = block.reader.bool(progress) ?? true }
            return files
        },
        make: { settings, context in
            let checkpoint = try FileCheckpoint(path: "\(context.config.dataDirectory)/checkpoints/\(context.pipeline.name).json")
            return FileSource(config: settings, checkpoint: checkpoint, progress: settings.progress ? context.fileProgress : nil)
        }
    )
}
