import Foundation
import Testing
@testable import NewsCorpus

/// A separator line followed only by timestamps, sources, editors, ids, dates or addresses ends an article's
/// boilerplate; a separator followed by prose is the article's. Fixtures are made up here, not copied from a corpus.
@Suite struct MetadataTrailerTests {
    static let body = ["秋收时节，村里的合作社忙着把新米装车。", "合作社负责人说，今年的订单比去年多了三成。"]

    /// Trailers that go: each is appended to `body`, and `body` alone must be left.
    static let removed: [[String]] = [
        ["---", "(更新时间戳: 1700000000123)"],
        ["***", "发布时间：2023-05-06 08:30"],
        ["___", "来源：本地日报", "编辑：王小明"],
        ["——", "（更新时间：2023年5月6日 08时30分）"],
        ["====", "ID: a3f9c2e1-77b0"],
        ["－－－－", "2023-05-06T08:30:00Z"],
        ["- - -", "https://example.org/news/2023/0506/1234.html"],
        ["———", "【责任编辑：李四】", "时间戳 1683333000"],
        ["* * * *", "Updated: 2023-05-06", "Source: Example Wire"],
        ["---"],
        ["---", "来源：本地日报", "---", "1683333000"],
    ]

    /// Endings that stay whole: a separator followed by prose, metadata with no separator, a rule line
    /// that is not a separator.
    static let kept: [[String]] = [
        ["---", "附：合作社今年还将试种两个新品种，明年推广。"],
        ["***", "记者手记：走进田间，才知道一粒米的分量。"],
        ["来源：本地日报"],
        ["---", "(更新时间戳: 1700000000123)", "后记：这篇报道发表后，合作社又接到了新订单。"],
        ["--", "(更新时间戳: 1700000000123)"],
        ["——", "时间过得真快，转眼又是一年"],
        ["---", "作者简介"],
        ["===", "Thanks to everyone who helped, and see you next year!"],
    ]

    @Test(arguments: removed)
    func trailerIsRemoved(_ trailer: [String]) {
        var paragraphs = Self.body + trailer
        Boilerplate.trimMetadataTrailer(&paragraphs)
        #expect(paragraphs == Self.body, "trailer \(trailer)")
    }

    @Test(arguments: kept)
    func endingIsKept(_ ending: [String]) {
        var paragraphs = Self.body + ending
        Boilerplate.trimMetadataTrailer(&paragraphs)
        #expect(paragraphs == Self.body + ending, "ending \(ending)")
    }

    @Test func anArticleThatIsOnlyATrailerIsLeftEmpty() {
        var paragraphs = ["---", "(更新时间戳: 1700000000123)"]
        Boilerplate.trimMetadataTrailer(&paragraphs)
        #expect(paragraphs.isEmpty)
    }

    @Test func separatorAndMetadataLinesAreToldApart() {
        #expect(Boilerplate.isSeparatorLine("---"))
        #expect(Boilerplate.isSeparatorLine("＝＝＝＝"))
        #expect(Boilerplate.isSeparatorLine("──"))
        #expect(!Boilerplate.isSeparatorLine("--"))
        #expect(!Boilerplate.isSeparatorLine("—— 完 ——"))
        #expect(Boilerplate.isMetadataLine("（发布时间：2023-05-06）"))
        #expect(Boilerplate.isMetadataLine("1683333000"))
        #expect(!Boilerplate.isMetadataLine("来源：本地日报说，今年的订单比去年多。"))
        #expect(!Boilerplate.isMetadataLine("idea: a sentence about ideas"))
        #expect(!Boilerplate.isMetadataLine("合作社"))
    }

    @Test func readerRemovesTheTrailerFromRecords() throws {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let records = [
            #"{"id": "a1", "title": "秋收", "text": "秋收时节，新米装车。\n---\n(更新时间戳: 1700000000123)"}"#,
            #"{"id": "a2", "title": "订单", "text": "订单多了三成。\n---\n附：明年推广两个新品种。"}"#,
        ]
        let file = folder.appendingPathComponent("records.jsonl")
        try Data(records.joined(separator: "\n").utf8).write(to: file)
        let texts = try CorpusReader().readFile(file).articles.map(\.text)
        #expect(texts == ["秋收时节，新米装车。", "订单多了三成。\n---\n附：明年推广两个新品种。"])
    }

    static let newsJSONL = Fixture.shared.appendingPathComponent("data/corpus/news.jsonl")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: newsJSONL.path),
                   "skipped: needs /work/shared/data/corpus/news.jsonl (the shared data is absent)"))
    func newsCorpusKeepsNoTimestampTrailer() throws {
        let articles = try CorpusReader().readFile(Self.newsJSONL).articles
        #expect(articles.count > 10_000)
        let withTimestamp = articles.filter { $0.text.contains("更新时间戳") }.map(\.id)
        let endingInSeparator = articles.filter {
            Boilerplate.isSeparatorLine(String($0.text.split(separator: "\n").last ?? ""))
        }.map(\.id)
        #expect(withTimestamp.count == 0, "still there: \(withTimestamp.prefix(3))")
        #expect(endingInSeparator.count == 0, "still there: \(endingInSeparator.prefix(3))")
    }
}
