import SluiceCore
import SluiceIndex
import SluiceSearchIndexConnector

extension SegmentIndex {
    /// Writes a benchmark's envelopes as the `search_index` sink does; a rejected record ends the benchmark.
    func writeBenchRecords(_ envelopes: [Envelope], fields: [String]) async throws {
        if let rejection = try await SegmentDocument.apply(envelopes, to: self, fieldPaths: fields).lazy.compactMap({ $0 }).first {
            throw BenchFailure("a record was rejected: \(rejection.reason)")
        }
    }
}
