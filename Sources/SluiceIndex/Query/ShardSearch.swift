/// A query run on one shard's snapshot: every segment's matching live documents, their BM25 scores, the total, and
/// the best `keep` hits.
struct ShardSearch {
    /// A hit before its document is read.
    struct Hit {
        var score: Double
        /// The segment's position in the snapshot.
        var segment: Int
        var doc: UInt32

        /// Best score first; equal scores in index order.
        static func precedes(_ a: Hit, _ b: Hit) -> Bool {
            a.score != b.score ? a.score > b.score : (a.segment, a.doc) < (b.segment, b.doc)
        }
    }

    let snapshot: ShardSnapshot
    let query: Query
    /// When the search gives up with ``IndexError/Code/timedOut``; checked before each segment is read.
    let deadline: ContinuousClock.Instant

    private func checkDeadline() throws {
        guard ContinuousClock.now < deadline else {
            throw IndexError(.timedOut, "the query took longer than its time limit and was stopped; make it narrower")
        }
    }

    /// The number of matching documents and the best `keep` of them, best first.
    func run(keep: Int) throws -> (total: Int, hits: [Hit]) {
        let groups = query.leafGroups
        let weights = snapshot.fields.map { Float($0.weight) }
        var leaves: [[LeafMatches]] = []
        var matching = [Int](repeating: 0, count: groups.reduce(0) { $0 + $1.phrases.count })
        for segment in snapshot.segments {
            try checkDeadline()
            var segmentLeaves: [LeafMatches] = []
            for group in groups {
                if let distance = group.distance {
                    segmentLeaves += try LeafMatches.findNear(group.phrases, distance: distance, in: segment.reader, weights: weights)
                } else {
                    segmentLeaves.append(try LeafMatches.find(group.phrases[0], in: segment.reader, weights: weights))
                }
            }
            for (number, found) in segmentLeaves.enumerated() {
                matching[number] += found.docs.reduce(0) { $0 + (segment.superseded.contains(Int($1)) ? 0 : 1) }
            }
            leaves.append(segmentLeaves)
        }
        let ranking = BM25(documents: snapshot.liveDocuments, matching: matching, tokens: snapshot.liveTokens)
        var total = 0
        var best = TopHits(capacity: keep)
        for (position, segment) in snapshot.segments.enumerated() {
            try checkDeadline()
            var next = 0
            let matched = evaluate(query, leaves: leaves[position], next: &next).filter { !segment.superseded.contains(Int($0)) }
            total += matched.count
            guard keep > 0, !matched.isEmpty else { continue }
            let lengths = segment.reader.documentLengths
            let norms = matched.map { doc in ranking.norm(length: Double(lengths[Int(doc)])) }
            var scores = [Double](repeating: 0, count: matched.count)
            for (number, leaf) in leaves[position].enumerated() {
                Self.addScores(of: number, in: leaf, ranking: ranking, to: &scores, of: matched, norms: norms)
            }
            for (index, doc) in matched.enumerated() { best.offer(Hit(score: scores[index], segment: position, doc: doc)) }
        }
        return (total, best.sorted())
    }

    /// Adds phrase `phrase`'s part of the score to each of the `matched` documents it occurs in (`leaf`'s documents),
    /// `norms` being theirs.
    private static func addScores(
        of phrase: Int,
        in leaf: LeafMatches,
        ranking: BM25,
        to scores: inout [Double],
        of matched: [UInt32],
        norms: [Double]
    ) {
        let idf = ranking.idf[phrase]
        leaf.docs.withUnsafeBufferPointer { docs in
            leaf.frequencies.withUnsafeBufferPointer { frequencies in
                scores.withUnsafeMutableBufferPointer { scores in
                    var cursor = 0
                    for index in matched.indices {
                        let doc = matched[index]
                        while cursor < docs.count && docs[cursor] < doc { cursor += 1 }
                        guard cursor < docs.count else { break }
                        if docs[cursor] == doc {
                            scores[index] += BM25.score(idf: idf, frequency: Double(frequencies[cursor]), norm: norms[index])
                        }
                    }
                }
            }
        }
    }

    /// The documents matching `query`, from the leaves in phrase order (`next` counts the phrases consumed).
    private func evaluate(_ query: Query, leaves: [LeafMatches], next: inout Int) -> [UInt32] {
        switch query {
        case .phrase:
            defer { next += 1 }
            return leaves[next].docs
        case .near(let phrases, _):
            // Each phrase of the group has the group's documents.
            defer { next += phrases.count }
            return leaves[next].docs
        case .and(let a, let b):
            let left = evaluate(a, leaves: leaves, next: &next)
            return Self.intersect(left, evaluate(b, leaves: leaves, next: &next))
        case .or(let a, let b):
            let left = evaluate(a, leaves: leaves, next: &next)
            return Self.unite(left, evaluate(b, leaves: leaves, next: &next))
        case .not(let a, let b):
            let left = evaluate(a, leaves: leaves, next: &next)
            return Self.subtract(left, evaluate(b, leaves: leaves, next: &next))
        }
    }

    static func intersect(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                i += 1
            } else if b[j] < a[i] {
                j += 1
            } else {
                result.append(a[i])
                i += 1
                j += 1
            }
        }
        return result
    }

    static func unite(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || i < a.count && a[i] < b[j] {
                result.append(a[i])
                i += 1
            } else if i == a.count || b[j] < a[i] {
                result.append(b[j])
                j += 1
            } else {
                result.append(a[i])
                i += 1
                j += 1
            }
        }
        return result
    }

    static func subtract(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        var j = 0
        for doc in a {
            while j < b.count && b[j] < doc { j += 1 }
            if j == b.count || b[j] != doc { result.append(doc) }
        }
        return result
    }
}

/// The best hits seen so far, at most `capacity`, in a min-heap on rank.
struct TopHits {
    private var heap: [ShardSearch.Hit] = []
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The hit ranked lowest of the kept ones is at the top: `worse(a, b)` is whether `a` ranks after `b`.
    private func worse(_ a: ShardSearch.Hit, _ b: ShardSearch.Hit) -> Bool { ShardSearch.Hit.precedes(b, a) }

    mutating func offer(_ hit: ShardSearch.Hit) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(hit)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard worse(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
            return
        }
        guard ShardSearch.Hit.precedes(hit, heap[0]) else { return }
        heap[0] = hit
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var target = parent
            if left < heap.count && worse(heap[left], heap[target]) { target = left }
            if right < heap.count && worse(heap[right], heap[target]) { target = right }
            if target == parent { break }
            heap.swapAt(parent, target)
            parent = target
        }
    }

    /// The kept hits, best first.
    func sorted() -> [ShardSearch.Hit] { heap.sorted(by: ShardSearch.Hit.precedes) }
}
