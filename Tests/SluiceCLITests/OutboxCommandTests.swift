import Testing

/// `sluice outbox` as an operator runs it: a file it cannot read.
@Suite struct OutboxCommandTests {
    @Test func aMissingFileIsNamedWithTheSystemsReason() async throws {
        let directory = try ScratchDirectory("outbox-unreadable")
        defer { directory.remove() }
        let missing = try await SluiceCommand.run(["outbox", "absent.yaml"], in: directory.path)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("absent.yaml: cannot read the file: No such file or directory"), "\(missing.output)")
    }
}
