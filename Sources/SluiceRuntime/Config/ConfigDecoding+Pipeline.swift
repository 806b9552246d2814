import SluiceCore
import Yams

extension PipelineConfig {
    static let keys = [
        "name", "source", "record", "subject", "filters", "transforms", "sink", "dlq", "batch", "concurrency", "retry",
        "lag_threshold", "transport_subject",
    ]

    static func decode(_ field: ConfigField, reader: ConfigReader) -> PipelineConfig? {
        guard let keys = reader.mapping(field, allowed: Self.keys) else { return nil }
        guard let nameField = reader.require("name", in: keys, parent: field, what: "a pipeline name (letters, digits, - and _)"),
            let name = reader.nonEmptyString(nameField)
        else { return nil }
        if !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            reader.report(nameField, "expected letters, digits, - and _ only, got \"\(name)\"")
        }
        let sourceField = reader.require("source", in: keys, parent: field, what: "a source (type: files, http, jetstream or elasticsearch)")
        let sinkField = reader.require("sink", in: keys, parent: field, what: "a sink (type: search_index, publish or elasticsearch)")
        guard let source = sourceField.flatMap({ SourceConfig.decode($0, reader: reader) }),
            let sink = sinkField.flatMap({ SinkConfig.decode($0, reader: reader) })
        else { return nil }
        var pipeline = PipelineConfig(name: name, source: source, sink: sink)
        if case .elasticsearch = source { pipeline.subject = "es.{producer}.{resource_type}" }
        if let record = keys["record"] { pipeline.record = RecordSettings.decode(record, reader: reader) ?? pipeline.record }
        if let subject = keys["subject"], let text = reader.nonEmptyString(subject) {
            if let problem = SubjectTemplateCheck.problem(in: text) { reader.report(subject, problem) } else { pipeline.subject = text }
        }
        pipeline.steps = PipelineSteps.decode(filters: keys["filters"], transforms: keys["transforms"], reader: reader)
        if let dlq = keys["dlq"], let dlqKeys = reader.mapping(dlq, allowed: ["subject"]), let subject = dlqKeys["subject"] {
            pipeline.deadLetterSubject = reader.nonEmptyString(subject) ?? pipeline.deadLetterSubject
        }
        if case .elasticsearch = sink, case .jetstream = source {
            // The write role: a stream's envelopes grouped into bulk requests (1000 records, 5 MB, 200 ms).
            pipeline.batch = .bulk
        }
        if let batch = keys["batch"] { pipeline.batch = BatchSettings.decode(batch, defaults: pipeline.batch, reader: reader) ?? pipeline.batch }
        if let concurrency = keys["concurrency"] { pipeline.concurrency = reader.integer(concurrency) ?? pipeline.concurrency }
        if let retry = keys["retry"] { pipeline.retry = RetrySettings.decode(retry, reader: reader) ?? pipeline.retry }
        if let lag = keys["lag_threshold"] { pipeline.lagThreshold = reader.integer(lag, minimum: 0) ?? pipeline.lagThreshold }
        if let subject = keys["transport_subject"] {
            pipeline.transportSubject = reader.nonEmptyString(subject) ?? pipeline.transportSubject
        }
        return pipeline
    }
}

extension SourceConfig {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> SourceConfig? {
        let allowed = ["type", "paths", "format", "progress", "max_body_bytes", "max_pending", "stream", "subjects", "deliver"]
        guard let keys = reader.mapping(field, allowed: allowed + ElasticsearchSourceConfig.keys) else { return nil }
        guard let typeField = reader.require("type", in: keys, parent: field, what: "files, http, jetstream or elasticsearch"),
            let type = reader.string(typeField)
        else { return nil }
        func reject(_ names: [String], for type: String) {
            for name in names { if let extra = keys[name] { reader.report(extra, "not allowed for a \(type) source") } }
        }
        let others = { (type: String) in
            let own: [String: [String]] = [
                "files": ["paths", "format", "progress"], "http": ["max_body_bytes", "max_pending"],
                "jetstream": ["stream", "subjects", "deliver"], "elasticsearch": ElasticsearchSourceConfig.keys,
            ]
            reject(own.filter { $0.key != type }.flatMap(\.value), for: type)
        }
        switch type {
        case "files":
            others(type)
            guard let pathsField = reader.require("paths", in: keys, parent: field, what: "a glob or a list of globs"),
                let paths = reader.stringList(pathsField)
            else { return nil }
            var files = FileSourceConfig(paths: paths)
            if let format = keys["format"] { files.format = reader.choice(format, as: FileSourceConfig.Format.self) }
            if let progress = keys["progress"] { files.progress = reader.bool(progress) ?? true }
            return .files(files)
        case "http":
            others(type)
            var http = HTTPSourceConfig()
            if let body = keys["max_body_bytes"] { http.maxBodyBytes = reader.size(body) ?? http.maxBodyBytes }
            if let pending = keys["max_pending"] { http.maxPending = reader.integer(pending) ?? http.maxPending }
            return .http(http)
        case "jetstream":
            others(type)
            guard let streamField = reader.require("stream", in: keys, parent: field, what: "the stream to consume"),
                let stream = reader.nonEmptyString(streamField)
            else { return nil }
            var source = JetStreamSourceConfig(stream: stream)
            if let subjects = keys["subjects"] { source.subjects = reader.stringList(subjects) ?? [] }
            if let deliver = keys["deliver"], let text = reader.string(deliver) {
                switch text {
                case "all": source.deliverNew = false
                case "new": source.deliverNew = true
                default: reader.report(deliver, "expected one of all, new, got \"\(text)\"")
                }
            }
            return .jetstream(source)
        case "elasticsearch":
            others(type)
            return ElasticsearchSourceConfig.decode(field, keys: keys, reader: reader).map { .elasticsearch($0) }
        default:
            reader.report(typeField, "expected one of files, http, jetstream, elasticsearch, got \"\(type)\"")
            return nil
        }
    }
}

extension SinkConfig {
    static func decode(_ field: ConfigField, reader: ConfigReader) -> SinkConfig? {
        guard let keys = reader.mapping(field, allowed: ["type", "index", "fields", "subject"] + ElasticsearchSinkConfig.keys) else { return nil }
        guard let typeField = reader.require("type", in: keys, parent: field, what: "search_index, publish or elasticsearch"),
            let type = reader.string(typeField)
        else { return nil }
        func reject(_ names: [String]) {
            for name in names { if let extra = keys[name] { reader.report(extra, "not allowed for a \(type) sink") } }
        }
        switch type {
        case "search_index":
            reject(["subject"] + ElasticsearchSinkConfig.keys)
            guard let indexField = reader.require("index", in: keys, parent: field, what: "the index name"),
                let index = reader.nonEmptyString(indexField),
                let fieldsField = reader.require("fields", in: keys, parent: field, what: "the searchable fields"),
                let items = reader.sequence(fieldsField)
            else { return nil }
            if items.isEmpty { reader.report(fieldsField, "expected at least one searchable field") }
            let fields = items.compactMap { SearchIndexSinkConfig.Field.decode($0, reader: reader) }
            return .searchIndex(SearchIndexSinkConfig(index: index, fields: fields))
        case "publish":
            reject(["index", "fields"] + ElasticsearchSinkConfig.keys)
            var publish = PublishSinkConfig()
            if let subject = keys["subject"], let text = reader.nonEmptyString(subject) {
                if let problem = SubjectTemplateCheck.problem(in: text) { reader.report(subject, problem) } else { publish.subject = text }
            }
            return .publish(publish)
        case "elasticsearch":
            reject(["index", "fields", "subject"])
            return ElasticsearchSinkConfig.decode(field, keys: keys, reader: reader).map { .elasticsearch($0) }
        default:
            reader.report(typeField, "expected one of search_index, publish, elasticsearch, got \"\(type)\"")
            return nil
        }
    }
}

extension SearchIndexSinkConfig.Field {
    /// `title` or `{path: title, weight: 2}`.
    static func decode(_ field: ConfigField, reader: ConfigReader) -> Self? {
        if field.node.scalar != nil { return reader.nonEmptyString(field).map { Self(path: $0) } }
        guard let keys = reader.mapping(field, allowed: ["path", "weight"]),
            let pathField = reader.require("path", in: keys, parent: field, what: "the field's path in the payload"),
            let path = reader.nonEmptyString(pathField)
        else { return nil }
        var result = Self(path: path)
        if let weight = keys["weight"] { result.weight = reader.number(weight, in: 0.001...1000) ?? 1 }
        return result
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
