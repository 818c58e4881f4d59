import Testing
@testable import ChineseText

@Test func placeholder_ChineseText() { #expect(Bool(true)) }
