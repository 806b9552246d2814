/// One replay's claim on the dead letters of its pipelines, kept by the transport, so that a second replay of the
/// same pipelines is refused while it runs, whether it is asked of this process or of another one sharing the
/// transport. The claim runs out after ``lease`` unless renewed, so a process killed while replaying blocks the
/// next replay for at most that long.
struct DeadLetterReplayClaim {
    /// How long a claim lasts without renewal; a replay renews it every third of this.
    static let lease: Duration = .seconds(30)

    let transport: any Transport
    /// The pipelines claimed, in name order.
    let pipelines: [String]
    /// Who holds it: one replay call.
    let holder: String
    private var renewed: ContinuousClock.Instant

    private init(transport: any Transport, pipelines: [String], holder: String) {
        self.transport = transport
        self.pipelines = pipelines
        self.holder = holder
        self.renewed = .now
    }

    /// Claims every pipeline of `scope`, in name order; `nil`, claiming nothing, when another replay holds one.
    static func take(_ scope: Set<String>, on transport: any Transport) async throws(TransportError) -> DeadLetterReplayClaim? {
        let claim = DeadLetterReplayClaim(
            transport: transport,
            pipelines: scope.sorted(),
            holder: "replay-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        )
        var claimed: [String] = []
        for pipeline in claim.pipelines {
            let taken: Bool
            do {
                taken = try await transport.claimDeadLetterReplay(pipeline: pipeline, holder: claim.holder, lease: lease)
            } catch {
                await claim.release(claimed)
                throw error
            }
            guard taken else {
                await claim.release(claimed)
                return nil
            }
            claimed.append(pipeline)
        }
        return claim
    }

    /// Renews the claim once a third of the lease has passed since it was last taken; `false` when it ran out and
    /// another replay took one of its pipelines meanwhile.
    mutating func renewIfDue() async throws(TransportError) -> Bool {
        guard ContinuousClock.now - renewed >= Self.lease / 3 else { return true }
        renewed = .now
        for pipeline in pipelines {
            guard try await transport.claimDeadLetterReplay(pipeline: pipeline, holder: holder, lease: Self.lease) else { return false }
        }
        return true
    }

    /// Ends the claim. A failure to end it is left to the lease: the claim runs out by itself.
    func release() async {
        await release(pipelines)
    }

    private func release(_ pipelines: [String]) async {
        for pipeline in pipelines {
            try? await transport.releaseDeadLetterReplay(pipeline: pipeline, holder: holder)
        }
    }
}
