import Testing
@testable import NewsCorpus

@Test func placeholder_NewsCorpus() { #expect(Bool(true)) }
