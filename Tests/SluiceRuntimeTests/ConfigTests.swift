import SluiceElasticsearchConnector
import SluiceJetStreamTransport
import SluiceSearchIndexConnector
import Testing

@testable import SluiceRuntime

@Suite struct ConfigTests {
    static let minimal = """
        pipelines:
          - name: docs
            source: {type: files, paths: "data/*.ndjson"}
            sink: {type: search_index, index: docs, fields: [title, body]}
        """

    @Test func defaultsApply() throws {
        let config = try SluiceConfig.parse(Self.minimal)
        #expect(config.transport == .auto)
        #expect(config.nats.urls == ["nats://127.0.0.1:4222"])
        #expect(config.server.listen == "127.0.0.1:8080")
        let pipeline = try #require(config.pipelines.first)
        #expect(pipeline.batch.maxRecords == 500)
        #expect(pipeline.retry.maxDeliver == 5)
        #expect(pipeline.deadLetterSubject == "sluice.dlq.docs")
    }

    @Test func theWriteRoleBatchesForBulkByDefault() throws {
        let config = try SluiceConfig.parse(
            """
            elasticsearch: {target: {url: "http://127.0.0.1:9200"}}
            pipelines:
              - name: write
                source: {type: jetstream, stream: SYNC, subjects: ["sync.>"]}
                sink: {type: elasticsearch, cluster: target}
              - name: tuned
                source: {type: jetstream, stream: SYNC, subjects: ["sync.>"]}
                sink: {type: elasticsearch, cluster: target}
                batch: {max_records: 200}
              - name: files
                source: {type: files, paths: "data/*.ndjson"}
                sink: {type: elasticsearch, cluster: target}
            """
        )
        let write = try #require(config.pipeline(named: "write")).batch
        #expect(write.maxRecords == 1000 && write.maxBytes == 5_000_000 && write.maxAge == .milliseconds(200))
        let tuned = try #require(config.pipeline(named: "tuned")).batch
        #expect(tuned.maxRecords == 200 && tuned.maxBytes == 5_000_000 && tuned.maxAge == .milliseconds(200))
        // A files source publishes its batches as transport messages, which must fit NATS's payload limit.
        #expect(try #require(config.pipeline(named: "files")).batch == BatchSettings())
    }

    @Test func errorNamesFileLineColumnAndField() {
        let text = """
            pipelines:
              - name: quick
                source: {type: files, paths: "x/*.ndjson"}
                sink: {type: search_index, index: docs, fields: [title]}
                batch:
                  max_records: lots
            """
        #expect {
            try SluiceConfig.parse(text, file: "quickstart.yaml")
        } throws: { error in
            let error = error as! ConfigError
            return error.code == .invalid
                && error.description == #"quickstart.yaml:6:20: pipelines[0].batch.max_records: expected a positive integer, got "lots""#
        }
    }

    @Test func durationsNeedAUnitAndSizesNameTheirUnits() {
        let text = """
            pipelines:
              - name: quick
                source: {type: files, paths: "x/*.ndjson"}
                sink: {type: search_index, index: docs, fields: [title]}
                batch: {max_age: 250, max_bytes: 5XB}
            """
        #expect {
            try SluiceConfig.parse(text, file: "quickstart.yaml")
        } throws: { error in
            let text = (error as! ConfigError).description
            return text.contains(#"quickstart.yaml:5:22: pipelines[0].batch.max_age: "250" is not a duration: "250" has no unit"#)
                && text.contains(#"pipelines[0].batch.max_bytes: "5XB" is not a size: unknown unit "XB""#)
        }
    }

    @Test func pipelineNamesDifferingOnlyInCaseAreRefused() {
        let text = """
            pipelines:
              - name: orders
                source: {type: http}
                sink: {type: search_index, index: docs, fields: [title]}
              - name: Orders
                source: {type: http}
                sink: {type: search_index, index: docs, fields: [title]}
            """
        #expect {
            try SluiceConfig.parse(text, file: "case.yaml")
        } throws: { error in
            (error as! ConfigError).description.contains("case.yaml:5:5: pipelines[1]: pipeline 'Orders' differs from 'orders' only in case")
        }
    }

    @Test func theSearchTimeoutIsAPositiveDuration() throws {
        #expect(try SluiceConfig.parse(Self.minimal).section(SearchIndexSettings.self).searchTimeout == .seconds(2))
        #expect(
            try SluiceConfig.parse("search_timeout: 250ms\n" + Self.minimal).section(SearchIndexSettings.self).searchTimeout == .milliseconds(250)
        )
        #expect {
            try SluiceConfig.parse("search_timeout: 0s\n" + Self.minimal, file: "search.yaml")
        } throws: { error in
            (error as! ConfigError).description.contains("search.yaml:1:17: search_timeout: expected a positive duration such as 2s")
        }
    }

    @Test func eventLoopThreadsDefaultToOneAndArePositive() throws {
        #expect(try SluiceConfig.parse(Self.minimal).eventLoopThreads == 1)
        #expect(try SluiceConfig.parse("event_loop_threads: 4\n" + Self.minimal).eventLoopThreads == 4)
        for bad in ["0", "-1", "many"] {
            #expect {
                try SluiceConfig.parse("event_loop_threads: \(bad)\n" + Self.minimal, file: "threads.yaml")
            } throws: { error in
                (error as! ConfigError).description.contains("threads.yaml:1:21: event_loop_threads: expected a positive integer")
            }
        }
    }

    @Test func collectsEveryProblem() throws {
        let text = """
            transport: kafka
            pipelines:
              - name: a
                source: {type: ftp}
                sink: {type: search_index, index: docs, fields: [title]}
                retry: {backoff: "1s 5x"}
                colour: blue
            """
        do {
            _ = try SluiceConfig.parse(text, file: "c.yaml")
            Issue.record("expected an error")
        } catch {
            let lines = error.issues.map(\.description)
            #expect(lines.contains(#"c.yaml:1:12: transport: expected one of jetstream, sqlite, auto, got "kafka""#))
            #expect(lines.contains { $0.hasPrefix("c.yaml:4:") && $0.contains("pipelines[0].source.type: expected one of files, http") })
            #expect(lines.contains { $0.hasPrefix("c.yaml:7:") && $0.contains("pipelines[0].colour: unknown key 'colour'") })
        }
    }

    @Test func missingRequiredKeyIsReportedAtItsParent() {
        let text = """
            pipelines:
              - name: a
                source: {type: files, paths: "*.csv"}
            """
        do {
            _ = try SluiceConfig.parse(text, file: "f.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.issues.map(\.description) == [
                    "f.yaml:2:5: pipelines[0].sink: missing; expected a sink (type: search_index, publish or elasticsearch)"
                ]
            )
        }
    }

    @Test func environmentInterpolation() throws {
        let text = """
            nats: {url: "${NATS_URL:-nats://127.0.0.1:4333}"}
            data_dir: ${DATA}
            pipelines:
              - name: docs
                source: {type: http}
                sink: {type: search_index, index: docs, fields: [title]}
            """
        let config = try SluiceConfig.parse(text, environment: ["DATA": "/tmp/x"])
        #expect(config.nats.urls == ["nats://127.0.0.1:4333"])
        #expect(config.dataDirectory == "/tmp/x")
        #expect(throws: ConfigError.self) { try SluiceConfig.parse(text, environment: [:]) }
    }

    @Test func errorsNameTheVariableNotTheSecretItHolds() {
        let text = """
            nats: {url: "http://sluice:${NATS_PASSWORD}@127.0.0.1:4222", connect_timeout: "${TIMEOUT}"}
            pipelines:
              - name: docs
                source: {type: http}
                sink: {type: search_index, index: docs, fields: [title]}
            """
        #expect {
            try SluiceConfig.parse(text, file: "s.yaml", environment: ["NATS_PASSWORD": "hunter2-secret", "TIMEOUT": "tenseconds"])
        } throws: { error in
            let text = (error as! ConfigError).description
            return !text.contains("hunter2-secret") && !text.contains("tenseconds") && text.contains("${NATS_PASSWORD}")
                && text.contains("${TIMEOUT}")
        }
    }

    @Test func durationsSizesAndSteps() throws {
        let text = """
            pipelines:
              - name: docs
                source: {type: files, paths: ["a/*.ndjson", "b/*.csv"]}
                record: {id_field: sku, max_bytes: 2KB}
                filters:
                  - operations: [index, update]
                transforms:
                  - lowercase: {path: payload.title}
                  - validate: {required: [payload.title], types: {payload.price: number}}
                sink: {type: search_index, index: docs, fields: [title, {path: body, weight: 2}]}
                batch: {max_records: 100, max_bytes: 512KiB, max_age: 250ms}
                retry: {backoff: [1s, 5s], max_deliver: 3}
            """
        let pipeline = try #require(try SluiceConfig.parse(text).pipelines.first)
        #expect(pipeline.record.maxBytes == 2000)  // KB is 1000, KiB 1024, as everywhere in Sluice
        #expect(pipeline.batch.maxBytes == 512 * 1024)
        #expect(pipeline.batch.maxAge == .milliseconds(250))
        #expect(pipeline.retry.backoff == .list([.seconds(1), .seconds(5)]))
        #expect(pipeline.steps.steps.count == 3)
        #expect(pipeline.retry.delay(afterDelivery: 1) == .seconds(1))
        #expect(pipeline.retry.delay(afterDelivery: 9) == .seconds(5))
    }
}

@Suite struct RedactedSettingsTests {
    @Test func credentialsNeverShowTheirSecrets() {
        let values: [Any] = [
            NATSAuthSettings.token("tok-secret-1"),
            NATSAuthSettings.userPassword(user: "alice", password: "pw-secret-2"),
            ElasticsearchClusterSettings.Auth.basic(user: "elastic", password: "pw-secret-3"),
            ElasticsearchClusterSettings.Auth.apiKey("key-secret-4"),
            ElasticsearchClusterSettings.Auth.bearer("bearer-secret-5"),
        ]
        for value in values {
            var dumped = ""
            dump(value, to: &dumped)
            for text in ["\(value)", String(reflecting: value), dumped] {
                #expect(!text.contains("secret"), "\(text)")
                #expect(text.contains("<redacted>"), "\(text)")
            }
        }
        #expect("\(NATSAuthSettings.userPassword(user: "alice", password: "x"))".contains("alice"))
    }
}
