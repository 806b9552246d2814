import Foundation
import SluiceBridge
import Testing

@Suite struct BridgeConfigurationTests {
    @Test func defaultsAreTheBridgeDefaults() {
        let configuration = BridgeConfiguration(destinationApp: "crm")
        #expect(configuration.natsURLs == ["nats://localhost:4222"])
        #expect(configuration.env == "development")
        #expect(configuration.appName == "app")
        #expect(configuration.maxDeliver == 5)
        #expect(configuration.ackWait == .seconds(30))
        #expect(configuration.backoff == [.seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60)])
        #expect(!configuration.useOutbox)
        #expect(!configuration.useInbox)
        #expect(configuration.useDLQ)
        #expect(configuration.streamName == "development-stream-bridge")
        #expect(configuration.dlqSubject == "development.data.sync.dlq")
        #expect(configuration.duplicateWindow >= .seconds(120))
    }

    @Test func subjectsFollowTheConventions() throws {
        let configuration = BridgeConfiguration(env: "production", appName: "billing", destinationApp: "crm")
        let subjects = BridgeSubjects(configuration)
        #expect(try subjects.publish(resourceType: "user", eventType: "created") == "production.data.sync.billing.crm.user.created")
        #expect(subjects.subscribe == "production.data.sync.crm.billing.>")
        #expect(subjects.deadLetter == "production.data.sync.dlq")
        #expect(subjects.stream == "production.data.sync.>")
    }

    @Test func whatOneAppPublishesTheOtherSubscribesTo() throws {
        let billing = BridgeSubjects(BridgeConfiguration(env: "prod", appName: "billing", destinationApp: "crm"))
        let crm = BridgeSubjects(BridgeConfiguration(env: "prod", appName: "crm", destinationApp: "billing"))
        let published = try billing.publish(resourceType: "invoice", eventType: "paid")
        #expect(published.hasPrefix(String(crm.subscribe.dropLast())))
    }

    @Test func streamNameAndDLQFollowEnvUnlessSet() {
        var configuration = BridgeConfiguration(destinationApp: "crm")
        configuration.env = "staging"
        #expect(configuration.streamName == "staging-stream-bridge")
        #expect(configuration.dlqSubject == "staging.data.sync.dlq")
        configuration.streamName = "custom"
        #expect(configuration.streamName == "custom")
    }

    @Test func tokensWithDotsOrWildcardsAreRefused() {
        let configuration = BridgeConfiguration(env: "prod", appName: "billing", destinationApp: "crm")
        #expect(throws: BridgeError.self) { try BridgeSubjects(configuration).publish(resourceType: "a.b", eventType: "created") }
        #expect(throws: BridgeError.self) { try BridgeSubjects(configuration).publish(resourceType: "user", eventType: "*") }
        #expect(throws: BridgeError.self) { try BridgeConfiguration(env: "pro d", destinationApp: "crm").validate() }
        var short = configuration
        short.duplicateWindow = .seconds(30)
        #expect(throws: BridgeError.self) { try short.validate() }
    }

    @Test func backoffFollowsTheListAndRepeatsTheLast() {
        let configuration = BridgeConfiguration(destinationApp: "crm")
        #expect((1...7).map { configuration.backoffDelay(afterDelivery: $0) } == [1, 5, 15, 30, 60, 60, 60].map { .seconds($0) })
    }
}

@Suite struct BridgeConfigurationDecodingTests {
    @Test func decodesTheConfigurationNames() throws {
        let json = """
            {"nats_urls": "nats://a:4222, nats://b:4222", "env": "production", "app_name": "billing",
             "destination_app": "crm", "max_deliver": 7, "ack_wait": "45s", "backoff": "2s 10s",
             "use_outbox": true, "use_inbox": true, "use_dlq": false, "stream_name": "bridge"}
            """
        let configuration = try JSONDecoder().decode(BridgeConfiguration.self, from: Data(json.utf8))
        #expect(configuration.natsURLs == ["nats://a:4222", "nats://b:4222"])
        #expect(configuration.env == "production")
        #expect(configuration.appName == "billing")
        #expect(configuration.destinationApp == "crm")
        #expect(configuration.maxDeliver == 7)
        #expect(configuration.ackWait == .seconds(45))
        #expect(configuration.backoff == [.seconds(2), .seconds(10)])
        #expect(configuration.useOutbox && configuration.useInbox && !configuration.useDLQ)
        #expect(configuration.streamName == "bridge")
        #expect(configuration.dlqSubject == "production.data.sync.dlq")
    }

    @Test func missingSettingsKeepTheirDefaults() throws {
        let configuration = try JSONDecoder().decode(BridgeConfiguration.self, from: Data(#"{"destination_app": "crm"}"#.utf8))
        #expect(configuration == BridgeConfiguration(destinationApp: "crm"))
    }

    @Test func aBadDurationNamesTheSetting() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(BridgeConfiguration.self, from: Data(#"{"destination_app": "crm", "ack_wait": "soon"}"#.utf8))
        }
    }
}
