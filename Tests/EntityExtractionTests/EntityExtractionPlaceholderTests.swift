import Testing
@testable import EntityExtraction

@Test func placeholder_EntityExtraction() { #expect(Bool(true)) }
