import Foundation
import Testing

@testable import JetStream

@Suite struct ConsumerConfigCodingTests {
    /// A bridge's durable pull consumer: ack wait 30 s, backoff 1s 5s 15s 30s 60s, and max deliver 6, since the server
    /// needs max_deliver above the number of backoff steps.
    @Test func durableWithBackoff() throws {
        let config = ConsumerConfig(
            durableName: "production-peerapp-events",
            filterSubjects: ["production.data.sync.gcp-es.peerapp.>"],
            ackWait: .seconds(30),
            maxDeliver: 6,
            backoff: [.seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60)]
        )
        let json = try jsonObject(config)
        #expect(json["durable_name"] as? String == "production-peerapp-events")
        #expect(json["filter_subject"] as? String == "production.data.sync.gcp-es.peerapp.>")
        #expect(json["filter_subjects"] == nil)
        #expect(json["ack_policy"] as? String == "explicit")
        #expect(json["deliver_policy"] as? String == "all")
        #expect(json["replay_policy"] as? String == "instant")
        #expect(json["ack_wait"] as? Int64 == 30_000_000_000)
        #expect(json["max_deliver"] as? Int == 6)
        #expect(json["backoff"] as? [Int64] == [1, 5, 15, 30, 60].map { Int64($0) * 1_000_000_000 })
        #expect(json["num_replicas"] as? Int == 0)
        for key in [
            "name", "max_waiting", "max_ack_pending", "opt_start_seq", "opt_start_time", "headers_only", "mem_storage", "metadata", "deliver_subject",
        ] {
            #expect(json[key] == nil, "\(key) should be omitted")
        }
    }

    /// An edge's durable consumer with several filters, deliver new, ack wait 30 s, max deliver 3,
    /// max ack pending 1000, max waiting 512.
    @Test func edgeConsumerWithSeveralFilters() throws {
        var config = ConsumerConfig(durableName: "edge-42")
        config.name = "edge-42"
        config.filterSubjects = ["rsfga.changes.store1.>", "rsfga.changes.store2.>"]
        config.deliverPolicy = .new
        config.ackPolicy = .explicit
        config.ackWait = .seconds(30)
        config.maxDeliver = 3
        config.maxAckPending = 1000
        config.maxWaiting = 512
        let json = try jsonObject(config)
        #expect(json["name"] as? String == "edge-42")
        #expect(json["durable_name"] as? String == "edge-42")
        #expect(json["filter_subjects"] as? [String] == ["rsfga.changes.store1.>", "rsfga.changes.store2.>"])
        #expect(json["deliver_policy"] as? String == "new")
        #expect(json["max_ack_pending"] as? Int == 1000)
        #expect(json["max_waiting"] as? Int == 512)
        #expect(json["max_deliver"] as? Int == 3)
    }

    @Test func deliverPoliciesCarryTheirStart() throws {
        var config = ConsumerConfig()
        config.deliverPolicy = .byStartSequence(42)
        var json = try jsonObject(config)
        #expect(json["deliver_policy"] as? String == "by_start_sequence")
        #expect(json["opt_start_seq"] as? Int == 42)
        #expect(json["opt_start_time"] == nil)

        config.deliverPolicy = .byStartTime(Date(timeIntervalSince1970: 0))
        json = try jsonObject(config)
        #expect(json["deliver_policy"] as? String == "by_start_time")
        #expect(json["opt_start_time"] as? String == "1970-01-01T00:00:00.000000000Z")
        #expect(json["opt_start_seq"] == nil)

        for (policy, name) in [(DeliverPolicy.all, "all"), (.last, "last"), (.new, "new"), (.lastPerSubject, "last_per_subject")] {
            config.deliverPolicy = policy
            #expect(try jsonObject(config)["deliver_policy"] as? String == name)
            let back = try JSONDecoder().decode(ConsumerConfig.self, from: JSONEncoder().encode(config))
            #expect(back.deliverPolicy == policy)
        }
    }

    @Test func pullLimitsAndExtrasUseTheirJSONNames() throws {
        var config = ConsumerConfig(durableName: "d")
        config.maxBatch = 100
        config.maxExpires = .seconds(10)
        config.maxBytes = 1 << 20
        config.inactiveThreshold = .seconds(300)
        config.headersOnly = true
        config.replicas = 3
        config.memoryStorage = true
        config.metadata = ["team": "edge"]
        config.ackPolicy = .all
        config.pauseUntil = Date(timeIntervalSince1970: 1_800_000_000)
        config.sampleFrequency = "100%"
        let json = try jsonObject(config)
        #expect(json["max_batch"] as? Int == 100)
        #expect(json["max_expires"] as? Int64 == 10_000_000_000)
        #expect(json["max_bytes"] as? Int == 1 << 20)
        #expect(json["inactive_threshold"] as? Int64 == 300_000_000_000)
        #expect(json["headers_only"] as? Bool == true)
        #expect(json["num_replicas"] as? Int == 3)
        #expect(json["mem_storage"] as? Bool == true)
        #expect(json["metadata"] as? [String: String] == ["team": "edge"])
        #expect(json["ack_policy"] as? String == "all")
        #expect(json["pause_until"] as? String == "2027-01-15T08:00:00.000000000Z")
        #expect(json["sample_freq"] as? String == "100%")
        let back = try JSONDecoder().decode(ConsumerConfig.self, from: JSONEncoder().encode(config))
        #expect(back == config)
    }

    @Test func decodesTheServersConsumerInfo() throws {
        let info = try JetStreamJSON.decodeResponse(ConsumerInfo.self, from: .init(string: Fixtures.consumerInfo))
        #expect(info.streamName == "EDGE")
        #expect(info.name == "edge-1")
        #expect(info.config.durableName == "edge-1")
        #expect(info.config.filterSubjects == ["edge.s1.>", "edge.s2.>"])
        #expect(info.config.deliverPolicy == .new)
        #expect(info.config.ackWait == .seconds(1), "the server sets ack_wait to the first backoff step")
        #expect(info.config.backoff.count == 5)
        #expect(info.config.maxDeliver == 6)
        #expect(info.config.maxWaiting == 512)
        #expect(info.delivered.consumerSequence == 5)
        #expect(info.delivered.streamSequence == 3)
        #expect(info.delivered.lastActive != nil)
        #expect(info.ackFloor.streamSequence == 0)
        #expect(info.numAckPending == 3)
        #expect(info.numRedelivered == 2)
        #expect(info.numWaiting == 0)
        #expect(info.numPending == 0)
    }
}
