import Testing
@testable import Jiansuo

@Test func placeholder_Jiansuo() { #expect(Bool(true)) }
