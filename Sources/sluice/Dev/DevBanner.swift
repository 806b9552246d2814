import EmbeddedNATS
import Foundation
import SluiceRuntime
import SluiceSearchIndexConnector

/// What `sluice dev` prints once it serves: the transport, what the index already holds, and `curl` lines to try.
enum DevBanner {
    static func print(runtime: PipelineRuntime, nats: NATSServerProcess?, host: String, port: Int) async {
        let config = runtime.config
        let base = "\(config.server.tls == nil ? "http" : "https")://\(host):\(port)"
        // With authentication on, the routes that need a token show where it goes (docs/security.md).
        let token = config.server.auth.isEnabled ? "-H \"Authorization: Bearer $SLUICE_TOKEN\" " : ""
        var lines: [String] = []
        if let nats {
            let version = NATSServerBinary.version(of: nats.executable).map { " \($0)" } ?? ""
            lines.append("sluice dev: transport jetstream: nats-server\(version) at \(nats.url), files in \(nats.configuration.directory)")
        } else {
            lines.append("sluice dev: transport sqlite: the embedded queue in \(config.dataDirectory)/queue.sqlite")
        }
        let indexed = config.pipelines.compactMap { pipeline -> (pipeline: String, index: String)? in
            guard let sink = pipeline.sink.settings(as: SearchIndexSinkConfig.self) else { return nil }
            return (pipeline.name, sink.index)
        }
        for index in Set(indexed.map(\.index)).sorted() {
            let count = (try? await runtime.searchProvider?.documentCount(index: index)) ?? 0
            if count > 0 {
                lines.append("sluice dev: index \(index) already holds \(count) documents; resuming (delete \(config.dataDirectory)/ to start over)")
            }
        }
        lines.append("")
        if config.server.console { lines.append("Web console: \(base)/") }
        lines.append("Search and operations on \(base). Try:")
        if let first = indexed.first {
            lines.append("  curl \(token)'\(base)/search?index=\(first.index)&q=glacier&limit=3'")
            lines.append("  curl \(token)\(base)/pipelines/\(first.pipeline)")
            lines.append("  curl \(token)'\(base)/dlq?pipeline=\(first.pipeline)'")
        }
        lines.append("  curl \(config.server.auth.openHealth ? "" : token)\(base)/readyz")
        lines.append("  curl -s \(config.server.auth.openMetrics ? "" : token)\(base)/metrics | grep '^sluice_records'")
        if let ingest = config.pipelines.first(where: { $0.source.type == HTTPSourceConfig.sourceType }) {
            lines.append("  curl \(token)-X POST --data-binary '{\"id\":\"note-1\",\"title\":\"Hello from curl\"}' \(base)/ingest/\(ingest.name)")
        }
        lines.append("")
        lines.append("Ctrl-C drains and stops; a second Ctrl-C stops at once.")
        Swift.print(lines.joined(separator: "\n"))
        fflush(nil)  // the banner must show even when stdout is a pipe
    }
}
