import NATSTestSupport
import SluiceRouter
import Testing

/// Listing dead letters reads them without leasing them, on every queue.
@Suite(.timeLimit(.minutes(2))) struct DeadLetterBrowserTests {
    @Test(arguments: QueueKind.allCases)
    func listingLeasesNothing(kind: QueueKind) async throws {
        try await kind.withQueue { _, deadLetters in
            let ids: Set<String> = ["m-1", "m-2", "m-3"]
            try await deadLetters.send((1...3).map { QueueConformanceTests.message($0) })
            let browser = DeadLetterBrowser(deadLetters: deadLetters)
            async let first = browser.list(limit: 10)
            async let second = browser.list(limit: 10)
            let listings = try await [first, second]
            for listing in listings { #expect(Set(listing.map(\.id)) == ids, "each of two listings at once sees every dead letter") }
            #expect(try await browser.list(limit: 2).count == 2)

            // Nothing was leased: a poll gets them all at once; the queues that can read without receiving did not
            // count a delivery either (SQS counts every receive).
            let polled = try await pollAll(deadLetters, count: 3)
            #expect(Set(polled.map(\.message.id)) == ids)
            if kind == .sqlite || kind == .jetStream { #expect(polled.map(\.deliveryCount) == [1, 1, 1]) }
            for message in polled { try await deadLetters.ack(message) }
            try await withTimeout(.seconds(10), "acknowledged dead letters leave the listing") {
                while try await !browser.list(limit: 10).isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
        }
    }
}
