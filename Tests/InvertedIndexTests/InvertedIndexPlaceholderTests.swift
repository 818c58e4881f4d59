import Testing
@testable import InvertedIndex

@Test func placeholder_InvertedIndex() { #expect(Bool(true)) }
