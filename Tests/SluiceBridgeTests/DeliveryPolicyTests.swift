import SluiceBridge
import Testing

@Suite struct DeliveryPolicyTests {
    struct Transient: Error {}

    @Test func failuresBeforeMaxDeliverAreRetriedWithTheBackoffOfTheirDelivery() {
        let policy = DeliveryPolicy(BridgeConfiguration(destinationApp: "crm"))
        let decisions = (1...4).map { policy.decide(error: Transient(), deliveries: $0) }
        #expect(decisions == [1, 5, 15, 30].map { .retry(delay: .seconds($0)) })
    }

    @Test func theFailureOfTheLastDeliveryGoesToTheDLQ() {
        let policy = DeliveryPolicy(BridgeConfiguration(destinationApp: "crm"))
        #expect(policy.decide(error: Transient(), deliveries: 5) == .giveUp(reason: .maxDeliver, deadLetter: true))
        #expect(policy.decide(error: Transient(), deliveries: 9) == .giveUp(reason: .maxDeliver, deadLetter: true))
    }

    @Test func aPermanentFailureGoesToTheDLQAtOnce() {
        let policy = DeliveryPolicy(BridgeConfiguration(destinationApp: "crm"))
        #expect(policy.decide(error: PermanentFailure("bad"), deliveries: 1) == .giveUp(reason: .permanent, deadLetter: true))
    }

    @Test func withoutTheDLQAMessageIsOnlyTerminated() {
        var configuration = BridgeConfiguration(destinationApp: "crm")
        configuration.useDLQ = false
        #expect(DeliveryPolicy(configuration).decide(error: Transient(), deliveries: 5) == .giveUp(reason: .maxDeliver, deadLetter: false))
    }
}
