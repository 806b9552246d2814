/// A parsed full-text query: phrases combined with AND, OR and NOT.
public indirect enum Query: Sendable, Hashable {
    /// A phrase: its terms at consecutive positions in one field (a single term is a one-term phrase).
    case phrase(Phrase)
    /// Documents matching both.
    case and(Query, Query)
    /// Documents matching either.
    case or(Query, Query)
    /// Documents matching the first and not the second.
    case not(Query, Query)
    /// Documents where all these phrases occur in one field close together: at most `distance` tokens between the
    /// end of each of them and the start of the one that starts last (`NEAR(a b, 5)`; the phrases search the same
    /// fields).
    case near([Phrase], distance: Int)

    /// The phrases of the query, left to right.
    public var phrases: [Phrase] { leafGroups.flatMap(\.phrases) }

    /// The phrases as they are matched, left to right: a phrase alone (no distance), or the phrases of a NEAR group
    /// together.
    var leafGroups: [(phrases: [Phrase], distance: Int?)] {
        switch self {
        case .phrase(let phrase): [([phrase], nil)]
        case .near(let phrases, let distance): [(phrases, distance)]
        case .and(let a, let b), .or(let a, let b), .not(let a, let b): a.leafGroups + b.leafGroups
        }
    }
}

/// A sequence of terms to find next to each other in one of some fields.
public struct Phrase: Sendable, Hashable {
    /// One term of a phrase: its analysed text, and whether it matches every term it begins.
    public struct Term: Sendable, Hashable {
        public var text: String
        public var isPrefix: Bool

        public init(_ text: String, isPrefix: Bool = false) {
            self.text = text
            self.isPrefix = isPrefix
        }
    }

    /// The terms, in order; empty matches nothing.
    public var terms: [Term]
    /// The fields searched (indexes into the index's fields), ascending; `nil` for all.
    public var fields: [Int]?
    /// Whether the phrase only matches at the first token of a field (`^river`).
    public var isAnchored: Bool

    public init(terms: [Term], fields: [Int]? = nil, isAnchored: Bool = false) {
        self.terms = terms
        self.fields = fields
        self.isAnchored = isAnchored
    }
}
