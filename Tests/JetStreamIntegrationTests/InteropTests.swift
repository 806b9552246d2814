import Foundation
import JetStream
import NATS
import NATSTestSupport
import Testing

/// Streams filled by Sluice are consumed by nats-py, and the other way round.
@Suite struct InteropTests {
    private func runPython(_ program: String, url: String) async throws -> String {
        guard let python = ExternalCommand.find("python3") else {
            throw TestSupportError("python3 not found; install Python 3 and `pip install nats-py`")
        }
        let check = try await ExternalCommand.run(python, ["-c", "import nats"])
        guard check.status == 0 else { throw TestSupportError("nats-py is not installed: `pip install nats-py`") }
        let preamble = "import asyncio, json, nats\nURL = \"\(url)\"\n"
        let result = try await ExternalCommand.run(python, ["-c", preamble + program])
        guard result.status == 0 else { throw TestSupportError("python failed: \(result.output)") }
        return result.output
    }

    @Test func pythonConsumesAStreamSluiceFilled() async throws {
        try await withJetStream { js, server in
            _ = try await js.createStream(StreamConfig(name: "INTEROP", subjects: ["interop.>"]))
            for index in 0..<50 {
                _ = try await js.publish("interop.events", "event-\(index)", options: PublishOptions(messageID: "id-\(index)"))
            }
            let program = """
                async def main():
                    nc = await nats.connect(URL)
                    js = nc.jetstream()
                    sub = await js.pull_subscribe("interop.events", durable="py")
                    seen = []
                    while len(seen) < 50:
                        for msg in await sub.fetch(50, timeout=5):
                            seen.append(msg.data.decode())
                            await msg.ack()
                    print(json.dumps(seen))
                    await nc.close()
                asyncio.run(main())
                """
            let output = try await runPython(program, url: server.url)
            let line = try #require(output.split(separator: "\n").last)
            let seen = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String]
            #expect(seen == (0..<50).map { "event-\($0)" })
            let info = try await js.consumerInfo(stream: "INTEROP", name: "py")
            #expect(info.numAckPending == 0)
            #expect(info.ackFloor.streamSequence == 50)
        }
    }

    @Test func sluiceConsumesAStreamPythonFilled() async throws {
        try await withJetStream { js, server in
            let program = """
                async def main():
                    nc = await nats.connect(URL)
                    js = nc.jetstream()
                    await js.add_stream(name="FROMPY", subjects=["frompy.>"])
                    for i in range(50):
                        ack = await js.publish("frompy.events", f"py-{i}".encode(), headers={"Nats-Msg-Id": f"py-{i}"})
                    await js.add_consumer("FROMPY", durable_name="swift", ack_policy="explicit")
                    print("done")
                    await nc.close()
                asyncio.run(main())
                """
            _ = try await runPython(program, url: server.url)
            let info = try await js.streamInfo("FROMPY")
            #expect(info.state.messages == 50)
            let consumer = try await js.pullConsumer(stream: "FROMPY", name: "swift")
            let batch = try await collect(try await consumer.fetch(batch: 50, expires: .seconds(5)))
            #expect(batch.map(\.string) == (0..<50).map { "py-\($0)" })
            for message in batch { try await message.ack() }
            let last = try await js.getLastMessage(stream: "FROMPY", subject: "frompy.events")
            #expect(last.headers?["Nats-Msg-Id"] == "py-49")
        }
    }
}
