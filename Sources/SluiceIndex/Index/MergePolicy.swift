/// When segments are merged: a tiered policy. Segments are grouped in tiers by size (tier 0 below
/// ``floorDocuments`` documents, each next tier ``segmentsPerTier`` times larger); once a tier
/// holds ``segmentsPerTier`` segments, the oldest of them are merged into one of the next tier. An index of N
/// documents so has at most about `segmentsPerTier × log(N / floorDocuments)` segments, and a document is rewritten
/// about once per tier.
public struct MergePolicy: Sendable, Hashable {
    /// How many segments of one tier are merged together. Default 8.
    public var segmentsPerTier: Int = 8
    /// The size below which all segments count as the smallest tier. Default 1,000 documents, about what one
    /// batch writes to a shard.
    public var floorDocuments: Int = 1000

    /// The default policy.
    public init() {}

    func tier(_ documents: Int) -> Int {
        var tier = 0
        var bound = floorDocuments
        while documents >= bound && tier < 20 {
            tier += 1
            bound *= segmentsPerTier
        }
        return tier
    }

    /// The segments to merge next among `segments` (number and document count, oldest first), or `[]`.
    func pick(_ segments: [(number: Int, documents: Int)]) -> [Int] {
        var tiers: [Int: [Int]] = [:]
        for segment in segments { tiers[tier(segment.documents), default: []].append(segment.number) }
        for tier in tiers.keys.sorted() where tiers[tier]!.count >= segmentsPerTier {
            return Array(tiers[tier]!.prefix(segmentsPerTier))
        }
        return []
    }
}
