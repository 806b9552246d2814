import SluiceCore

extension PipelineConfig {
    static let keys = [
        "name", "source", "record", "subject", "filters", "transforms", "sink", "dlq", "batch", "concurrency", "retry",
        "lag_threshold", "transport_subject",
    ]

    static func decode(_ field: ConfigField, reader: ConfigReader, connectors: ConnectorRegistry) -> PipelineConfig? {
        guard let keys = reader.mapping(field, allowed: Self.keys) else { return nil }
        guard let nameField = reader.require("name", in: keys, parent: field, what: "a pipeline name (letters, digits, - and _)"),
            let name = reader.nonEmptyString(nameField)
        else { return nil }
        if !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            reader.report(nameField, "expected letters, digits, - and _ only, got \"\(name)\"")
        }
        let sourceTypes = connectors.sources.map(\.type)
        let sinkTypes = connectors.sinks.map(\.type)
        let sourceField = reader.require("source", in: keys, parent: field, what: "a source (type: \(sourceTypes.spokenList))")
        let sinkField = reader.require("sink", in: keys, parent: field, what: "a sink (type: \(sinkTypes.spokenList))")
        guard let source = sourceField.flatMap({ decodeSource($0, reader: reader, connectors: connectors) }),
            let sink = sinkField.flatMap({ decodeSink($0, reader: reader, connectors: connectors) })
        else { return nil }
        var pipeline = PipelineConfig(name: name, source: source.config, sink: sink.config)
        if let subject = source.connector.defaultSubject { pipeline.subject = subject }
        if let record = keys["record"] { pipeline.record = RecordSettings.decode(record, reader: reader) ?? pipeline.record }
        if let subject = keys["subject"], let text = reader.nonEmptyString(subject) {
            if let problem = SubjectTemplateCheck.problem(in: text) { reader.report(subject, problem) } else { pipeline.subject = text }
        }
        pipeline.steps = PipelineSteps.decode(filters: keys["filters"], transforms: keys["transforms"], reader: reader)
        if let dlq = keys["dlq"], let dlqKeys = reader.mapping(dlq, allowed: ["subject"]), let subject = dlqKeys["subject"] {
            pipeline.deadLetterSubject = reader.nonEmptyString(subject) ?? pipeline.deadLetterSubject
        }
        if let batch = sink.connector.defaultBatch(source.config.type) { pipeline.batch = batch }
        if let batch = keys["batch"] { pipeline.batch = BatchSettings.decode(batch, defaults: pipeline.batch, reader: reader) ?? pipeline.batch }
        if let concurrency = keys["concurrency"] { pipeline.concurrency = reader.integer(concurrency) ?? pipeline.concurrency }
        if let retry = keys["retry"] { pipeline.retry = RetrySettings.decode(retry, reader: reader) ?? pipeline.retry }
        if let lag = keys["lag_threshold"] { pipeline.lagThreshold = reader.integer(lag, minimum: 0) ?? pipeline.lagThreshold }
        if let subject = keys["transport_subject"] {
            pipeline.transportSubject = reader.nonEmptyString(subject) ?? pipeline.transportSubject
        }
        return pipeline
    }

    /// The `source:` block, read by the connector its `type:` names.
    private static func decodeSource(
        _ field: ConfigField,
        reader: ConfigReader,
        connectors: ConnectorRegistry
    ) -> (config: SourceConfig, connector: SourceConnector)? {
        let types = connectors.sources.map { (type: $0.type, keys: $0.keys) }
        guard let (block, type) = connectorBlock(field, what: "source", types: types, reader: reader),
            let connector = connectors.source(type), let settings = connector.decode(block)
        else { return nil }
        return (SourceConfig(type: type, settings: settings), connector)
    }

    /// The `sink:` block, read by the connector its `type:` names.
    private static func decodeSink(
        _ field: ConfigField,
        reader: ConfigReader,
        connectors: ConnectorRegistry
    ) -> (config: SinkConfig, connector: SinkConnector)? {
        let types = connectors.sinks.map { (type: $0.type, keys: $0.keys) }
        guard let (block, type) = connectorBlock(field, what: "sink", types: types, reader: reader),
            let connector = connectors.sink(type), let settings = connector.decode(block)
        else { return nil }
        return (SinkConfig(type: type, settings: settings), connector)
    }

    /// A source or sink block with a known `type:` and only keys some connector has; keys of another type's
    /// connector are reported as not allowed for this one.
    private static func connectorBlock(
        _ field: ConfigField,
        what: String,
        types: [(type: String, keys: [String])],
        reader: ConfigReader
    ) -> (ConfigBlock, String)? {
        var allowed = ["type"]
        for key in types.flatMap(\.keys) where !allowed.contains(key) { allowed.append(key) }
        guard let keys = reader.mapping(field, allowed: allowed) else { return nil }
        let names = types.map(\.type)
        guard let typeField = reader.require("type", in: keys, parent: field, what: names.spokenList),
            let type = reader.string(typeField)
        else { return nil }
        guard let own = types.first(where: { $0.type == type })?.keys else {
            reader.report(typeField, "expected one of \(names.joined(separator: ", ")), got \"\(type)\"")
            return nil
        }
        for key in allowed where key != "type" && !own.contains(key) {
            if let extra = keys[key] { reader.report(extra, "not allowed for a \(type) \(what)") }
        }
        return (ConfigBlock(field: field, keys: keys, reader: reader), type)
    }
}

extension [String] {
    /// `a, b or c`.
    var spokenList: String {
        count < 2 ? joined() : dropLast().joined(separator: ", ") + " or " + self[count - 1]
    }
}

extension RecordSettings {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> RecordSettings? {
        let allowed = ["id_field", "version_field", "event_type_field", "resource_type", "producer", "max_bytes"]
        guard let keys = reader.mapping(field, allowed: allowed) else { return nil }
        var settings = RecordSettings()
        if let id = keys["id_field"] { settings.idField = reader.nonEmptyString(id) ?? settings.idField }
        if let version = keys["version_field"] { settings.versionField = reader.nonEmptyString(version) }
        if let eventType = keys["event_type_field"] { settings.eventTypeField = reader.nonEmptyString(eventType) }
        if let type = keys["resource_type"] { settings.resourceType = reader.nonEmptyString(type) }
        if let producer = keys["producer"] { settings.producer = reader.nonEmptyString(producer) ?? settings.producer }
        if let maxBytes = keys["max_bytes"] { settings.maxBytes = reader.size(maxBytes) ?? settings.maxBytes }
        return settings
    }
}

extension BatchSettings {
    static func decode(_ field: ConfigField, defaults: BatchSettings, reader: ConfigReader) -> BatchSettings? {
        guard let keys = reader.mapping(field, allowed: ["max_records", "max_bytes", "max_age"]) else { return nil }
        var settings = defaults
        if let records = keys["max_records"] { settings.maxRecords = reader.integer(records) ?? settings.maxRecords }
        if let bytes = keys["max_bytes"] { settings.maxBytes = reader.size(bytes) ?? settings.maxBytes }
        if let age = keys["max_age"] { settings.maxAge = reader.duration(age) ?? settings.maxAge }
        return settings
    }
}

extension RetrySettings {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> RetrySettings? {
        guard let keys = reader.mapping(field, allowed: ["backoff", "exponential", "max_deliver"]) else { return nil }
        var settings = RetrySettings()
        if keys["backoff"] != nil, keys["exponential"] != nil { reader.report(field, "give either backoff (a list) or exponential, not both") }
        if let list = keys["backoff"] {
            var delays: [Duration] = []
            if let scalar = list.node.scalar {
                // `1s 5s 15s` on one line, separated by spaces.
                for word in scalar.string.split(separator: " ") {
                    if let delay = try? Duration(parsing: String(word)) {
                        delays.append(delay)
                    } else {
                        reader.report(list, "expected delays such as 1s 5s 15s, got \"\(word)\"")
                    }
                }
            } else {
                delays = (reader.sequence(list) ?? []).compactMap { reader.duration($0) }
            }
            if delays.isEmpty { reader.report(list, "expected at least one delay such as 1s") } else { settings.backoff = .list(delays) }
        }
        if let exponential = keys["exponential"],
            let expKeys = reader.mapping(exponential, allowed: ["initial", "max", "multiplier", "jitter"])
        {
            let initial = expKeys["initial"].flatMap { reader.duration($0) } ?? .milliseconds(100)
            let maximum = expKeys["max"].flatMap { reader.duration($0) } ?? .seconds(60)
            let multiplier = expKeys["multiplier"].flatMap { reader.number($0, in: 1...100) } ?? 2
            let jitter = expKeys["jitter"].flatMap { reader.number($0, in: 0...1) } ?? 0.2
            settings.backoff = .exponential(initial: initial, max: maximum, multiplier: multiplier, jitter: jitter)
        }
        if let maxDeliver = keys["max_deliver"] { settings.maxDeliver = reader.integer(maxDeliver) ?? settings.maxDeliver }
        return settings
    }
}
