/// The rule of a NEAR group (`NEAR(a b, N)`) in one field of one document, as FTS5 applies it: one occurrence of
/// each phrase, where at most N tokens lie between the end of each of them and the start of the one that starts last.
enum NearWindow {
    /// How many occurrences of each phrase take part in some match, or `nil` when the group does not match.
    /// - Parameters:
    ///   - starts: For each phrase, the positions its occurrences start at, ascending.
    ///   - lengths: For each phrase, its number of tokens.
    ///   - distance: N.
    static func takingPart(starts: [[UInt32]], lengths: [Int], distance: Int) -> [Int]? {
        var taking = starts.map { [Bool](repeating: false, count: $0.count) }
        var matched = false
        for list in starts {
            // `last` as the start of the occurrence that starts last: every phrase needs one starting in
            // [last - its length - N, last], and each one there can be chosen.
            candidates: for last in list {
                var ranges: [Range<Int>] = []
                ranges.reserveCapacity(starts.count)
                for (index, other) in starts.enumerated() {
                    let lowest = Int64(last) - Int64(lengths[index]) - Int64(distance)
                    let from = firstIndex(in: other) { Int64($0) >= lowest }
                    let to = firstIndex(in: other) { $0 > last }
                    guard from < to else { continue candidates }
                    ranges.append(from..<to)
                }
                matched = true
                for (index, range) in ranges.enumerated() {
                    for position in range { taking[index][position] = true }
                }
            }
        }
        return matched ? taking.map { $0.count(where: { $0 }) } : nil
    }

    /// The first index of the ascending `list` whose element satisfies `predicate` (false, then true), or its count.
    private static func firstIndex(in list: [UInt32], where predicate: (UInt32) -> Bool) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(list[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
