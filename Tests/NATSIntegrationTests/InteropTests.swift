import Foundation
import NATS
import NATSTestSupport
import Testing

/// Sluice's client against the official Python client (nats-py), both ways.
@Suite struct InteropTests {
    /// Runs a Python program with nats-py connected to `server`; fails with install instructions if nats-py is missing.
    private func runPython(_ program: String, server: TestNATSServer) async throws -> String {
        guard let python = ExternalCommand.find("python3") else {
            throw TestSupportError("python3 not found; run scripts/setup")
        }
        let check = try await ExternalCommand.run(python, ["-c", "import nats"])
        guard check.status == 0 else {
            throw TestSupportError("nats-py is not installed: run scripts/setup or `pip install nats-py`")
        }
        let preamble = """
            import asyncio, json, nats
            URL = "\(server.url)"
            """
        let result = try await ExternalCommand.run(python, ["-c", preamble + "\n" + program])
        guard result.status == 0 else { throw TestSupportError("python failed: \(result.output)") }
        return result.output
    }

    @Test func pythonReceivesWhatSluicePublishes() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let ready = try await client.subscribe("interop.ready")
            let program = """
                async def main():
                    nc = await nats.connect(URL)
                    sub = await nc.subscribe("interop.to_py")
                    await nc.flush()
                    await nc.publish("interop.ready", b"")
                    msg = await sub.next_msg(timeout=10)
                    print(json.dumps({"subject": msg.subject, "data": msg.data.decode(), "headers": msg.headers}))
                    await nc.close()
                asyncio.run(main())
                """
            async let output = runPython(program, server: server)
            _ = try await collect(1, from: ready, timeout: .seconds(20))
            var headers = NATSHeaders()
            headers.append("Nats-Msg-Id", "abc-1")
            headers.append("X-Trace", "t1")
            try await client.publish("interop.to_py", "héllo from swift", headers: headers)
            try await client.flush()
            let line = try #require(try await output.split(separator: "\n").last)
            let decoded = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(decoded["subject"] as? String == "interop.to_py")
            #expect(decoded["data"] as? String == "héllo from swift")
            #expect(decoded["headers"] as? [String: String] == ["Nats-Msg-Id": "abc-1", "X-Trace": "t1"])
            await client.close()
        }
    }

    @Test func sluiceReceivesWhatPythonPublishes() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let subscription = try await client.subscribe("interop.to_swift")
            try await client.flush()
            let program = """
                async def main():
                    nc = await nats.connect(URL)
                    await nc.publish("interop.to_swift", "from python ✓".encode(), headers={"Trace-Id": "p-1", "Kind": "test"})
                    await nc.flush()
                    await nc.close()
                asyncio.run(main())
                """
            _ = try await runPython(program, server: server)
            let message = try #require(try await collect(1, from: subscription).first)
            #expect(message.string == "from python ✓")
            #expect(message.headers?["Trace-Id"] == "p-1")
            #expect(message.headers?["Kind"] == "test")
            await client.close()
        }
    }

    @Test func requestReplyAcrossClients() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let service = try await client.subscribe("interop.swift_svc")
            let responder = Task {
                for try await request in service {
                    try await client.publish(request.replyTo!, "swift says \(request.string)")
                }
            }
            let ready = try await client.subscribe("interop.ready")
            try await client.flush()
            let program = """
                async def main():
                    nc = await nats.connect(URL)
                    reply = await nc.request("interop.swift_svc", b"hi", timeout=5)
                    print("PY_GOT " + reply.data.decode())
                    async def answer(msg):
                        await msg.respond(b"python says " + msg.data)
                    await nc.subscribe("interop.py_svc", cb=answer)
                    await nc.flush()
                    await nc.publish("interop.ready", b"")
                    await asyncio.sleep(3)
                    await nc.close()
                asyncio.run(main())
                """
            async let output = runPython(program, server: server)
            _ = try await collect(1, from: ready, timeout: .seconds(20))
            let reply = try await client.request("interop.py_svc", "hello", timeout: .seconds(5))
            #expect(reply.string == "python says hello")
            #expect(try await output.contains("PY_GOT swift says hi"))
            responder.cancel()
            await client.close()
        }
    }
}
