import SluiceCore
import Testing

/// The standard-library replacements for Foundation's trimming and percent decoding.
@Suite struct StringTrimmingTests {
    @Test func trimsWhiteSpaceAndLineBreaksAtBothEnds() {
        #expect("  a b \n\t".trimmingWhitespace() == "a b")
        #expect("\u{00A0}x\u{2003}".trimmingWhitespace() == "x")
        #expect(" \n ".trimmingWhitespace() == "")
        #expect("".trimmingWhitespace() == "")
        #expect("é".trimmingWhitespace() == "é")
    }

    @Test func decodesPercentEscapesAndRefusesBrokenOnes() {
        #expect("p%40ss%3Aword".percentDecoded() == "p@ss:word")
        #expect("%C3%A9%2f".percentDecoded() == "é/")
        #expect("plain".percentDecoded() == "plain")
        #expect("%4".percentDecoded() == nil)
        #expect("%zz".percentDecoded() == nil)
        #expect("%FF".percentDecoded() == nil)  // not UTF-8
    }
}
