/// The documents of one segment that contain a phrase, ascending, with the phrase's weighted frequency in each
/// (occurrences per field times the field's weight, summed over the fields searched).
struct LeafMatches {
    var docs: [UInt32] = []
    var frequencies: [Float] = []

    /// Finds `phrase` in `reader`.
    static func find(_ phrase: Phrase, in reader: SegmentReader, weights: [Float]) throws -> LeafMatches {
        guard !phrase.terms.isEmpty else { return LeafMatches() }
        let fields = phrase.fields ?? Array(0..<reader.fieldCount)
        var parts: [LeafMatches] = []
        for field in fields {
            let perTerm = try phrase.terms.map { term in try postings(of: term, field: field, in: reader) }
            if perTerm.contains(where: \.isEmpty) { continue }
            let matches =
                if phrase.isAnchored {
                    try anchored(perTerm, in: reader)
                } else if phrase.terms.count == 1 {
                    try single(perTerm[0], in: reader)
                } else {
                    try sequence(perTerm, in: reader)
                }
            if !matches.docs.isEmpty { parts.append(matches.scaled(by: weights[field])) }
        }
        return union(parts)
    }

    /// Finds a NEAR group in `reader`: for each of its phrases, the documents where the group matches in some field,
    /// with how many of that phrase's occurrences take part in a match (weighted as in ``find(_:in:weights:)``).
    static func findNear(_ phrases: [Phrase], distance: Int, in reader: SegmentReader, weights: [Float]) throws -> [LeafMatches] {
        var perPhrase = [[LeafMatches]](repeating: [], count: phrases.count)
        guard !phrases.isEmpty, phrases.allSatisfy({ !$0.terms.isEmpty }) else { return perPhrase.map(union) }
        let lengths = phrases.map { $0.terms.count }
        for field in phrases[0].fields ?? Array(0..<reader.fieldCount) {
            var found: [[UInt32: [UInt32]]] = []
            for phrase in phrases {
                let perTerm = try phrase.terms.map { term in try postings(of: term, field: field, in: reader) }
                if perTerm.contains(where: \.isEmpty) { break }
                found.append(Dictionary(uniqueKeysWithValues: try occurrences(perTerm, in: reader).map { ($0.doc, $0.starts) }))
            }
            guard found.count == phrases.count else { continue }
            var inField = [LeafMatches](repeating: LeafMatches(), count: phrases.count)
            let rarest = found.indices.min { found[$0].count < found[$1].count }!
            for doc in found[rarest].keys.sorted() {
                let starts = found.compactMap { $0[doc] }
                guard starts.count == phrases.count,
                    let counts = NearWindow.takingPart(starts: starts, lengths: lengths, distance: distance)
                else { continue }
                for index in phrases.indices {
                    inField[index].docs.append(doc)
                    inField[index].frequencies.append(Float(counts[index]))
                }
            }
            for index in phrases.indices where !inField[index].docs.isEmpty {
                perPhrase[index].append(inField[index].scaled(by: weights[field]))
            }
        }
        return perPhrase.map(union)
    }

    /// The dictionary entries a term stands for in one field: itself, or every term it begins.
    private static func postings(of term: Phrase.Term, field: Int, in reader: SegmentReader) throws -> [TermInfo] {
        let key = [UInt8(field)] + Array(term.text.utf8)
        if !term.isPrefix { return try reader.dictionary.lookup(key).map { [$0] } ?? [] }
        var infos: [TermInfo] = []
        try reader.dictionary.forEach(prefix: key) { _, info in infos.append(info) }
        return infos
    }

    /// A one-term phrase: the union of its postings lists with their frequencies.
    private static func single(_ infos: [TermInfo], in reader: SegmentReader) throws -> LeafMatches {
        var lists: [LeafMatches] = []
        for info in infos {
            var cursor = try reader.cursor(info)
            var list = LeafMatches()
            list.docs.reserveCapacity(cursor.documentCount)
            list.frequencies.reserveCapacity(cursor.documentCount)
            while try cursor.next() {
                list.docs.append(cursor.doc)
                list.frequencies.append(Float(cursor.frequency))
            }
            lists.append(list)
        }
        return union(lists)
    }

    /// A phrase of several terms in one field: documents where they occur at consecutive positions, and how often.
    private static func sequence(_ perTerm: [[TermInfo]], in reader: SegmentReader) throws -> LeafMatches {
        if perTerm.allSatisfy({ $0.count == 1 }) { return try exactSequence(perTerm.map { $0[0] }, in: reader) }
        var result = LeafMatches()
        for occurrence in try occurrences(perTerm, in: reader) {
            result.docs.append(occurrence.doc)
            result.frequencies.append(Float(occurrence.starts.count))
        }
        return result
    }

    /// A phrase that must start at a field's first token (`^`): the documents where it does, each once.
    private static func anchored(_ perTerm: [[TermInfo]], in reader: SegmentReader) throws -> LeafMatches {
        var result = LeafMatches()
        for occurrence in try occurrences(perTerm, in: reader) where occurrence.starts.first == 0 {
            result.docs.append(occurrence.doc)
            result.frequencies.append(1)
        }
        return result
    }

    /// The documents where the terms occur at consecutive positions in one field, ascending, each with the positions
    /// those occurrences start at, ascending. A prefix term stands for the positions of every term it begins.
    private static func occurrences(_ perTerm: [[TermInfo]], in reader: SegmentReader) throws -> [(doc: UInt32, starts: [UInt32])] {
        var positions: [[UInt32: [UInt32]]] = []
        for infos in perTerm {
            var byDoc: [UInt32: [UInt32]] = [:]
            var scratch = PositionList()
            for info in infos {
                var cursor = try reader.cursor(info)
                while try cursor.next() {
                    try cursor.positions(into: &scratch)
                    byDoc[cursor.doc, default: []].append(contentsOf: scratch.positions)
                }
            }
            positions.append(byDoc)
        }
        let rarest = positions.indices.min { positions[$0].count < positions[$1].count }!
        var result: [(doc: UInt32, starts: [UInt32])] = []
        for doc in positions[rarest].keys.sorted() {
            let lists = positions.compactMap { $0[doc] }
            guard lists.count == positions.count else { continue }
            let later = lists.dropFirst().map(Set.init)
            let starts = lists[0].filter { start in
                later.enumerated().allSatisfy { later in
                    Self.position(start, plus: later.offset + 1).map(later.element.contains) ?? false
                }
            }
            if !starts.isEmpty { result.append((doc, starts.sorted())) }
        }
        return result
    }

    /// A phrase of exact terms: the postings lists are walked together, the rarest term first, each skipping to the
    /// furthest document any of them is on, and positions are read only where all of them meet.
    private static func exactSequence(_ infos: [TermInfo], in reader: SegmentReader) throws -> LeafMatches {
        var cursors = try infos.map { try reader.cursor($0) }
        let rarestFirst = cursors.indices.sorted { cursors[$0].documentCount < cursors[$1].documentCount }
        var positions = cursors.map { _ in PositionBuffer() }
        defer { for buffer in positions { buffer.deallocate() } }
        var result = LeafMatches()
        // The walk mutates the cursors and position lists in place, without the arrays' uniqueness checks.
        try cursors.withUnsafeMutableBufferPointer { cursors in
            try positions.withUnsafeMutableBufferPointer { positions in
                var target: UInt32 = 0
                search: while true {
                    for index in rarestFirst {
                        guard try cursors[index].advance(to: target) else { break search }
                        if cursors[index].doc > target {
                            target = cursors[index].doc
                            continue search
                        }
                    }
                    for index in cursors.indices { try positions[index].fill(from: &cursors[index]) }
                    var count = 0
                    for first in 0..<positions[0].count {
                        let start = positions[0][first]
                        var matches = true
                        for index in 1..<positions.count {
                            guard let position = Self.position(start, plus: index), positions[index].contains(position) else {
                                matches = false
                                break
                            }
                        }
                        if matches { count += 1 }
                    }
                    if count > 0 {
                        result.docs.append(target)
                        result.frequencies.append(Float(count))
                    }
                    guard target < UInt32.max else { break }
                    target += 1
                }
            }
        }
        return result
    }

    /// The position `offset` tokens after `start`, or `nil` past the largest one (only a damaged segment has such
    /// positions).
    @inline(__always)
    private static func position(_ start: UInt32, plus offset: Int) -> UInt32? {
        let (position, overflow) = start.addingReportingOverflow(UInt32(truncatingIfNeeded: offset))
        return overflow ? nil : position
    }

    private func scaled(by weight: Float) -> LeafMatches {
        var copy = self
        if weight != 1 { for index in copy.frequencies.indices { copy.frequencies[index] *= weight } }
        return copy
    }

    /// The union of sorted lists, frequencies of a document added up.
    static func union(_ lists: [LeafMatches]) -> LeafMatches {
        if lists.count <= 1 { return lists.first ?? LeafMatches() }
        var result = lists[0]
        for list in lists.dropFirst() {
            var merged = LeafMatches()
            merged.docs.reserveCapacity(result.docs.count + list.docs.count)
            merged.frequencies.reserveCapacity(result.docs.count + list.docs.count)
            var a = 0
            var b = 0
            while a < result.docs.count || b < list.docs.count {
                if b == list.docs.count || a < result.docs.count && result.docs[a] < list.docs[b] {
                    merged.docs.append(result.docs[a])
                    merged.frequencies.append(result.frequencies[a])
                    a += 1
                } else if a == result.docs.count || list.docs[b] < result.docs[a] {
                    merged.docs.append(list.docs[b])
                    merged.frequencies.append(list.frequencies[b])
                    b += 1
                } else {
                    merged.docs.append(result.docs[a])
                    merged.frequencies.append(result.frequencies[a] + list.frequencies[b])
                    a += 1
                    b += 1
                }
            }
            result = merged
        }
        return result
    }
}
