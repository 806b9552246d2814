import Hummingbird
import NIOCore
import SluiceRuntime
import Synchronization
import Testing

@testable import SluiceServer

/// The limit is enforced while the body streams in, not after it was buffered.
@Suite struct BodyLimitTests {
    /// How many parts a ``CountingBody`` handed out.
    final class ReadCount: Sendable {
        let value = Mutex(0)
    }

    /// A body of `parts` parts of `size` bytes that counts how many parts were read.
    struct CountingBody: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let parts: Int
        let size: Int
        let read = ReadCount()

        struct AsyncIterator: AsyncIteratorProtocol {
            let body: CountingBody
            var index = 0
            mutating func next() async -> ByteBuffer? {
                guard index < body.parts else { return nil }
                index += 1
                body.read.value.withLock { $0 += 1 }
                return ByteBuffer(repeating: UInt8(ascii: "x"), count: body.size)
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: self) }
    }

    @Test func stopsReadingAtThePartThatCrossesTheLimit() async throws {
        let counting = CountingBody(parts: 1000, size: 100)
        let body = RequestBody(asyncSequence: counting)
        await #expect(throws: OperationsError(.tooLarge, "the body is over the limit of 1000 bytes")) {
            _ = try await body.collect(limit: 1000)
        }
        #expect(counting.read.value.withLock { $0 } == 11)
    }

    @Test func collectsABodyAtTheLimit() async throws {
        let counting = CountingBody(parts: 10, size: 100)
        let collected = try await RequestBody(asyncSequence: counting).collect(limit: 1000)
        #expect(collected.readableBytes == 1000)
    }
}
