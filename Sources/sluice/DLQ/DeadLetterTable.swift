import SluiceRuntime

/// Renders dead letters for a terminal: a table for `list`, every field for `show`.
enum DeadLetterTable {
    /// One line per dead letter under a header, columns padded to their widest cell; reasons are cut to
    /// `reasonWidth` characters (the whole reason is in `sluice dlq show ID`).
    static func render(_ letters: [DeadLetter], reasonWidth: Int = 60) -> String {
        let header = ["ID", "PIPELINE", "FAILED AT", "TRIES", "REASON"]
        let rows = letters.map { letter in
            [letter.id, letter.pipeline, letter.failedAt, String(letter.deliveries), shorten(oneLine(letter.reason), to: reasonWidth)]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        return ([header] + rows).map { cells in
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Every field of one dead letter, the payload last and pretty-printed when it is JSON.
    static func detail(_ letter: DeadLetter) -> String {
        """
        id:          \(letter.id)
        pipeline:    \(letter.pipeline)
        subject:     \(letter.subject)
        failed at:   \(letter.failedAt)
        deliveries:  \(letter.deliveries)
        reason:      \(letter.reason)
        payload:
        \(PayloadText.pretty(letter.payload))
        """
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private static func shorten(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}
