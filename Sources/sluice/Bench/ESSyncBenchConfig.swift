/// The configurations `sluice bench es-sync` runs: the write role alone, and watch → gateway → write.
struct ESSyncBenchConfig {
    let directory: String
    let natsURL: String
    let source: String
    let target: String
    let batch: Int
    let concurrency: Int

    private var common: String {
        """
        transport: jetstream
        nats: {url: "\(natsURL)"}
        server: {enabled: false}
        log: {level: error}
        elasticsearch:
          source: {url: "\(source)"}
          target: {url: "\(target)"}
        """
    }

    var writeOnly: String {
        """
        \(common)
        data_dir: \(directory)/write-only
        streams:
          - {name: WSYNC, subjects: ["wsync.>"]}
        pipelines:
          - name: write-only
            source: {type: jetstream, stream: WSYNC, subjects: ["wsync.>"]}
            sink: {type: elasticsearch, cluster: target, index_prefix: w-}
            batch: {max_records: \(batch), max_bytes: 5MB, max_age: 200ms}
            concurrency: \(concurrency)
        """
    }

    var endToEnd: String {
        """
        \(common)
        data_dir: \(directory)/e2e
        streams:
          - {name: ES_CHANGES, subjects: ["es.>"]}
          - {name: SYNC, subjects: ["sync.>"]}
        pipelines:
          - name: watch
            source: {type: elasticsearch, cluster: source, indices: [docs], cursor_field: updated_at, page_size: \(batch), interval: 100ms, overlap: 1s}
            record: {producer: bench}
            sink: {type: publish}
            batch: {max_records: \(batch), max_bytes: 5MB, max_age: 20ms}
        \(gateway(name: "gateway", stream: "ES_CHANGES", input: "es", output: "sync"))
          - name: write
            source: {type: jetstream, stream: SYNC, subjects: ["sync.>"]}
            sink: {type: elasticsearch, cluster: target, index_prefix: e2e-}
            batch: {max_records: \(batch), max_bytes: 5MB, max_age: 200ms}
            concurrency: \(concurrency)
        """
    }

    /// The gateway alone between two streams, for its own hop.
    var gatewayOnly: String {
        """
        \(common)
        data_dir: \(directory)/gateway-only
        streams:
          - {name: GW_IN, subjects: ["gwin.>"]}
          - {name: GW_OUT, subjects: ["gwout.>"]}
        pipelines:
        \(gateway(name: "gateway-only", stream: "GW_IN", input: "gwin", output: "gwout"))
        """
    }

    /// The gateway pipeline, the same in both runs: `input.>` from `stream`, subject filter, republished to `output.>`.
    private func gateway(name: String, stream: String, input: String, output: String) -> String {
        """
          - name: \(name)
            source: {type: jetstream, stream: \(stream), subjects: ["\(input).>"]}
            subject: "\(input).{producer}.{resource_type}"
            filters:
              - subjects: {include: [\(input).bench.docs], exclude: [\(input).bench.logs]}
            sink: {type: publish, subject: "\(output).{producer}.{resource_type}"}
            batch: {max_records: \(batch), max_age: 1ms}
            concurrency: \(concurrency)
        """
    }
}
