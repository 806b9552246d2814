import SluiceCore

extension ElasticsearchClient {
    /// Opens a point in time over `indices`.
    ///
    /// Elasticsearch (7.10+): `POST /{indices}/_pit?keep_alive=…` → `{"id": …}`. OpenSearch (2.4+):
    /// `POST /{indices}/_search/point_in_time?keep_alive=…` → `{"pit_id": …}`.
    ///
    /// - Throws: ``ElasticsearchError`` with code ``ElasticsearchError/Code/unsupported`` when the server has no
    ///   point in time (see ``ServerInfo/supportsPointInTime``); use `search_after` without one then.
    public func openPointInTime(indices: [String], keepAlive: Duration) async throws -> PointInTime {
        try requirePointInTime()
        let suffix = serverInfo.flavour == .opensearch ? "/_search/point_in_time" : "/_pit"
        let path = "/" + PathEncoding.indices(indices) + suffix
        let request = ElasticsearchRequest(.POST, path, query: [("keep_alive", PointInTime.timeValue(keepAlive))])
        let json = try await sendJSON(request)
        let key = serverInfo.flavour == .opensearch ? "pit_id" : "id"
        guard let id = json[key]?.stringValue else {
            throw ElasticsearchError(.malformedResponse, "the answer has no \(key)", method: "POST", path: request.target)
        }
        return PointInTime(id: id, keepAlive: keepAlive)
    }

    /// Opens a point in time over one index; see ``openPointInTime(indices:keepAlive:)``.
    public func openPointInTime(index: String, keepAlive: Duration) async throws -> PointInTime {
        try await openPointInTime(indices: [index], keepAlive: keepAlive)
    }

    /// Closes a point in time, releasing what the server keeps for it. Closing one that already expired is not
    /// an error.
    ///
    /// Elasticsearch: `DELETE /_pit` with `{"id": …}`. OpenSearch: `DELETE /_search/point_in_time` with
    /// `{"pit_id": [ … ]}`.
    public func closePointInTime(_ pointInTime: PointInTime) async throws {
        try requirePointInTime()
        var request: ElasticsearchRequest
        switch serverInfo.flavour {
        case .elasticsearch:
            request = ElasticsearchRequest(.DELETE, "/_pit", json: ["id": .string(pointInTime.id)])
        case .opensearch:
            request = ElasticsearchRequest(.DELETE, "/_search/point_in_time", json: ["pit_id": [.string(pointInTime.id)]])
        }
        request.acceptedStatuses = [404]
        _ = try await transport.send(request)
    }

    private func requirePointInTime() throws {
        guard serverInfo.supportsPointInTime else {
            throw ElasticsearchError(
                .unsupported,
                "\(serverInfo) has no point in time (Elasticsearch 7.10+ or OpenSearch 2.4+ needed); page with search_after alone"
            )
        }
    }
}
