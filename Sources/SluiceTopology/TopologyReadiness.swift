import EmbeddedNATS
import Foundation

/// Waits until a started topology is connected, from the servers' monitoring endpoints: every server healthy, every
/// clustered server routed to all its peers (`/routez`), every central and regional server with an outbound gateway
/// to every other cluster (`/gatewayz`), and every edge with its leaf connection up (`/leafz`).
struct TopologyReadiness {
    let running: RunningTopology

    func wait(timeout: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        for server in running.rendered {
            try await running.servers[server.name]?.waitUntilReady(timeout: clock.now.duration(to: deadline))
        }
        while true {
            let missing = await missingConnections()
            if missing.isEmpty { return }
            guard clock.now < deadline else {
                throw TopologyError("the topology did not connect within \(timeout): \(missing.joined(separator: "; "))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// What is not connected yet, one entry per server.
    func missingConnections() async -> [String] {
        var missing: [String] = []
        let clusterSizes = Dictionary(grouping: running.rendered.filter { $0.role != .edge }, by: \.cluster).mapValues(\.count)
        let otherClusters = clusterSizes.count - 1
        for server in running.rendered {
            let port = server.address.monitorPort
            switch server.role {
            case .central, .region:
                let peers = clusterSizes[server.cluster, default: 1] - 1
                if peers > 0 {
                    let routed = await count(port: port, path: "/routez", array: "routes", distinctBy: "remote_id")
                    if routed < peers { missing.append("\(server.name) has \(routed) of \(peers) routes") }
                }
                if otherClusters > 0 {
                    let gateways = await outboundGateways(port: port)
                    if gateways < otherClusters { missing.append("\(server.name) has \(gateways) of \(otherClusters) gateways") }
                }
            case .edge:
                let leafs = await count(port: port, path: "/leafz", array: "leafs", distinctBy: nil)
                if leafs < 1 { missing.append("\(server.name) has no leaf connection to \(server.cluster)") }
            }
        }
        return missing
    }

    private func json(port: Int, path: String) async -> [String: Any]? {
        guard let response = await LoopbackProbe.httpGet(port: port, path: path), response.status == 200 else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) as? [String: Any]
    }

    private func count(port: Int, path: String, array: String, distinctBy key: String?) async -> Int {
        guard let object = await json(port: port, path: path), let items = object[array] as? [[String: Any]] else { return 0 }
        guard let key else { return items.count }
        return Set(items.compactMap { $0[key] as? String }).count
    }

    private func outboundGateways(port: Int) async -> Int {
        guard let object = await json(port: port, path: "/gatewayz"), let outbound = object["outbound_gateways"] as? [String: Any] else {
            return 0
        }
        return outbound.count
    }
}
