import Testing
@Test func placeholder4() { #expect(Bool(true)) }
