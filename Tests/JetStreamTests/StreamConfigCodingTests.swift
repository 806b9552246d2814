import Foundation
import Testing

@testable import JetStream

@Suite struct StreamConfigCodingTests {
    /// A change stream: work queue, R3, file, 100 GB, 2 minute duplicate window, discard old.
    @Test func changeStreamEncodesWithServerFieldNames() throws {
        let config = StreamConfig(
            name: "RSFGA_CHANGES",
            subjects: ["rsfga.changes.>"],
            retention: .workQueue,
            storage: .file,
            replicas: 3,
            maxBytes: 100 * 1024 * 1024 * 1024,
            discard: .old,
            duplicateWindow: .seconds(120)
        )
        let json = try jsonObject(config)
        #expect(json["name"] as? String == "RSFGA_CHANGES")
        #expect(json["subjects"] as? [String] == ["rsfga.changes.>"])
        #expect(json["retention"] as? String == "workqueue")
        #expect(json["storage"] as? String == "file")
        #expect(json["num_replicas"] as? Int == 3)
        #expect(json["max_bytes"] as? Int64 == 107_374_182_400)
        #expect(json["duplicate_window"] as? Int64 == 120_000_000_000)
        #expect(json["discard"] as? String == "old")
        #expect(json["max_age"] as? Int64 == 0)
    }

    @Test func unsetOptionalFieldsAreOmitted() throws {
        let json = try jsonObject(StreamConfig(name: "S", subjects: ["s.>"]))
        for key in [
            "description", "duplicate_window", "placement", "mirror", "sources", "sealed", "deny_delete", "deny_purge",
            "allow_rollup_hdrs", "compression", "first_seq", "subject_transform", "republish", "allow_direct",
            "mirror_direct", "consumer_limits", "allow_msg_ttl", "subject_delete_marker_ttl", "metadata", "no_ack",
            "persist_mode", "allow_msg_counter", "allow_atomic", "allow_msg_schedules",
        ] {
            #expect(json[key] == nil, "\(key) should be omitted")
        }
        #expect(json["max_msgs"] as? Int == -1)
        #expect(json["max_msgs_per_subject"] as? Int == -1)
    }

    @Test func everyFieldUsesItsJSONName() throws {
        var config = StreamConfig(name: "ALL", subjects: ["a.>", "b.>"])
        config.description = "everything"
        config.retention = .interest
        config.storage = .memory
        config.maxConsumers = 10
        config.maxMessages = 1000
        config.maxAge = .seconds(3600)
        config.maxMessagesPerSubject = 5
        config.maxMessageSize = 65536
        config.discard = .new
        config.discardNewPerSubject = true
        config.noAck = true
        config.duplicateWindow = .milliseconds(1500)
        config.placement = Placement(cluster: "east", tags: ["ssd"])
        config.sources = [
            StreamSource(name: "ORIGIN", startSequence: 7, filterSubject: "a.x", external: .domain("hub"))
        ]
        config.denyDelete = true
        config.denyPurge = true
        config.allowRollup = true
        config.compression = .s2
        config.firstSequence = 100
        config.subjectTransform = SubjectTransform(source: "a.>", destination: "c.>")
        config.republish = Republish(destination: "repub.>", headersOnly: true)
        config.allowDirect = true
        config.mirrorDirect = true
        config.consumerLimits = StreamConsumerLimits(inactiveThreshold: .seconds(60), maxAckPending: 100)
        config.allowMessageTTL = true
        config.subjectDeleteMarkerTTL = .seconds(300)
        config.metadata = ["owner": "sluice"]

        let json = try jsonObject(config)
        #expect(json["description"] as? String == "everything")
        #expect(json["retention"] as? String == "interest")
        #expect(json["storage"] as? String == "memory")
        #expect(json["max_consumers"] as? Int == 10)
        #expect(json["max_msgs"] as? Int == 1000)
        #expect(json["max_age"] as? Int64 == 3_600_000_000_000)
        #expect(json["max_msgs_per_subject"] as? Int == 5)
        #expect(json["max_msg_size"] as? Int == 65536)
        #expect(json["discard"] as? String == "new")
        #expect(json["discard_new_per_subject"] as? Bool == true)
        #expect(json["no_ack"] as? Bool == true)
        #expect(json["duplicate_window"] as? Int64 == 1_500_000_000)
        let placement = try #require(json["placement"] as? [String: Any])
        #expect(placement["cluster"] as? String == "east")
        #expect(placement["tags"] as? [String] == ["ssd"])
        let source = try #require((json["sources"] as? [[String: Any]])?.first)
        #expect(source["name"] as? String == "ORIGIN")
        #expect(source["opt_start_seq"] as? Int == 7)
        #expect(source["filter_subject"] as? String == "a.x")
        #expect((source["external"] as? [String: Any])?["api"] as? String == "$JS.hub.API")
        #expect(json["deny_delete"] as? Bool == true)
        #expect(json["deny_purge"] as? Bool == true)
        #expect(json["allow_rollup_hdrs"] as? Bool == true)
        #expect(json["compression"] as? String == "s2")
        #expect(json["first_seq"] as? Int == 100)
        #expect((json["subject_transform"] as? [String: Any])?["dest"] as? String == "c.>")
        let republish = try #require(json["republish"] as? [String: Any])
        #expect(republish["dest"] as? String == "repub.>")
        #expect(republish["headers_only"] as? Bool == true)
        #expect(republish["src"] == nil)
        #expect(json["allow_direct"] as? Bool == true)
        #expect(json["mirror_direct"] as? Bool == true)
        let limits = try #require(json["consumer_limits"] as? [String: Any])
        #expect(limits["inactive_threshold"] as? Int64 == 60_000_000_000)
        #expect(limits["max_ack_pending"] as? Int == 100)
        #expect(json["allow_msg_ttl"] as? Bool == true)
        #expect(json["subject_delete_marker_ttl"] as? Int64 == 300_000_000_000)
        #expect(json["metadata"] as? [String: String] == ["owner": "sluice"])

        let decoded = try JSONDecoder().decode(StreamConfig.self, from: JSONEncoder().encode(config))
        #expect(decoded == config)
    }

    @Test func mirrorWithStartTimeRoundTrips() throws {
        var config = StreamConfig(name: "MIRROR")
        let start = Date(timeIntervalSince1970: 1_790_000_000.25)
        config.mirror = StreamSource(name: "ORIGIN", startTime: start)
        let json = try jsonObject(config)
        let mirror = try #require(json["mirror"] as? [String: Any])
        #expect(mirror["opt_start_time"] as? String == "2026-09-21T14:13:20.250000000Z")
        #expect(json["subjects"] == nil)
        let decoded = try JSONDecoder().decode(StreamConfig.self, from: JSONEncoder().encode(config))
        #expect(decoded.mirror?.name == "ORIGIN")
        #expect(abs(decoded.mirror!.startTime!.timeIntervalSince(start)) < 0.000_001)
    }

    @Test func decodesTheServersConfig() throws {
        let info = try JetStreamJSON.decodeResponse(StreamInfo.self, from: .init(string: Fixtures.streamCreate))
        let config = info.config
        #expect(config.name == "RSFGA_CHANGES")
        #expect(config.subjects == ["rsfga.changes.>"])
        #expect(config.retention == .workQueue)
        #expect(config.maxBytes == 1_073_741_824)
        #expect(config.maxMessages == -1)
        #expect(config.maxAge == .zero)
        #expect(config.duplicateWindow == .seconds(120))
        #expect(config.compression == StoreCompression.none)
        #expect(config.consumerLimits == nil)
        #expect(config.metadata["_nats.ver"] == "2.15.1")
        #expect(info.state.messages == 0)
        #expect(info.state.firstTime == nil, "Go's zero time reads as nil")
        #expect(info.created != nil)
    }

    @Test func unknownPolicyValuesAreKept() throws {
        let config = try decode(StreamConfig.self, #"{"name":"X","retention":"future","storage":"tape"}"#)
        #expect(config.retention.rawValue == "future")
        #expect(config.storage.rawValue == "tape")
    }
}
