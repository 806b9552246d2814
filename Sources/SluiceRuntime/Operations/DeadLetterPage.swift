/// One page of dead letters, newest first, and where the next page starts.
public struct DeadLetterPage: Sendable, Equatable {
    /// The dead letters of this page.
    public var letters: [DeadLetter]
    /// Pass it as the cursor to read the next page; `nil` when this page is the last.
    public var nextCursor: String?

    /// Creates a page.
    public init(letters: [DeadLetter], nextCursor: String?) {
        self.letters = letters
        self.nextCursor = nextCursor
    }
}
