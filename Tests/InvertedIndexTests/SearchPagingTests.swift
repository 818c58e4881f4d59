import Foundation
import Testing
@testable import InvertedIndex

/// Paging at the edges of Int: `limit` and `offset` as large as a caller can pass never overflow.
@Suite struct SearchPagingTests {
    static let docs = [
        IndexDocument(id: "old", title: "甲", text: "乙乙乙", date: "2021-01-01"),
        IndexDocument(id: "mid", title: "甲", text: "乙乙乙", date: "2022-01-01"),
        IndexDocument(id: "new", title: "甲", text: "乙乙乙", date: "2023-01-01"),
    ]

    /// One segment, and one per document (the best-of merge across segments).
    @Test(arguments: [1, 3])
    func hugeLimitAndOffsetSaturateInsteadOfTrapping(commits: Int) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = try buildIndex(Self.docs, at: dir, commits: commits).reader()
        // Both at Int.max: offset + limit would overflow; the page is past the end, so empty.
        let both = try reader.search("甲", limit: .max, offset: .max)
        #expect(both.total == 3 && both.hits.isEmpty)
        // A huge limit from a real offset: every remaining hit, best (newest) first.
        let fromOne = try reader.search("甲", limit: .max, offset: 1)
        #expect(fromOne.total == 3 && fromOne.hits.map(\.id) == ["mid", "old"])
        // A huge limit alone: all of them.
        #expect(try reader.search("甲", limit: .max).hits.map(\.id) == ["new", "mid", "old"])
        // A huge offset with a small limit: empty, and the total still counts every match.
        let past = try reader.search("甲", limit: 10, offset: .max - 5)
        #expect(past.total == 3 && past.hits.isEmpty)
        // Offset exactly at the end, and negative values read as zero.
        #expect(try reader.search("甲", limit: 5, offset: 3).hits.isEmpty)
        #expect(try reader.search("甲", limit: 1, offset: -7).hits.map(\.id) == ["new"])
        #expect(try reader.search("甲", limit: -1).hits.isEmpty)
        #expect(try reader.search("甲", limit: -1).total == 3)
    }
}
