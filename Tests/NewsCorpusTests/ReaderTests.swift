import Foundation
import Testing
@testable import NewsCorpus

/// Walking folders, ordering, errors, streaming.
@Suite struct ReaderTests {
    @Test func walksFoldersSkipsHiddenAndUnknownFilesInSortedOrder() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("b/.jiansuo"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent("a"), withIntermediateDirectories: true)
        let files = [
            "b/2.txt": "第二篇，正文。", "a/1.md": "# 第一篇\n\n正文。", "b/.hidden.txt": "隐藏文件。",
            "b/.jiansuo/index.json": #"[{"id": "idx", "text": "索引"}]"#, "a/photo.jpg": "不是文章。",
            "b/10.jsonl": #"{"id": "r1", "text": "记录一。"}"# + "\n" + #"{"id": "r2", "text": "记录二。"}"#,
        ]
        for (path, text) in files { try Data(text.utf8).write(to: root.appendingPathComponent(path)) }
        let reader = CorpusReader()
        let result = try reader.read([root])
        #expect(result.articles.map(\.id) == ["1", "r1", "r2", "2"])
        #expect(result.warnings.isEmpty)
        // Naming a file explicitly reads it whatever its extension; naming it twice reads it once.
        let named = try reader.read([root.appendingPathComponent("a/photo.jpg"), root.appendingPathComponent("a/photo.jpg")])
        #expect(named.articles.map(\.text) == ["不是文章。"])
        // Streaming gives the same articles in the same order.
        var streamed: [Article] = []
        let warnings = try reader.forEachArticle(in: [root]) { streamed.append($0) }
        #expect(streamed == result.articles)
        #expect(warnings.isEmpty)
        #expect(try reader.files(in: [root]).files.map(\.lastPathComponent) == ["1.md", "10.jsonl", "2.txt"])
    }

    @Test func filesOfOneFolderStayTogetherForTheCrossArticleRules() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("b"), withIntermediateDirectories: true)
        let footer = "欢迎读者来信，提出宝贵意见。本周农产品价格走势平稳，蔬菜价格小幅回落，下周天气晴好，适宜秋收秋种。"
        let files = ["a.txt": "第一篇讲秋收，农民们很忙碌。" + footer, "b/x.txt": "子文件夹里的文章，与众不同。",
                     "c.txt": "第三篇讲电商，平台帮农户卖货。" + footer]
        for (path, text) in files { try Data(text.utf8).write(to: root.appendingPathComponent(path)) }
        let result = try CorpusReader().read([root])
        #expect(result.articles.map(\.id) == ["a", "c", "x"])
        #expect(result.articles.map(\.text) == ["第一篇讲秋收，农民们很忙碌。", "第三篇讲电商，平台帮农户卖货。", "子文件夹里的文章，与众不同。"])
    }

    @Test func missingPathThrowsAClearError() throws {
        let missing = URL(fileURLWithPath: "/tmp/no-such-folder-\(UUID().uuidString)")
        #expect(throws: IngestError.notFound(path: missing.path)) { try CorpusReader().read([missing]) }
        let error = IngestError.notFound(path: missing.path)
        #expect(error.description.contains(missing.path))
    }

    @Test func errorsFromTheConsumerStopTheWalk() throws {
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            _ = try CorpusReader().forEachArticle(in: [Fixture.corpus]) { _ in
                seen += 1
                if seen == 2 { throw Stop() }
            }
        }
        #expect(seen == 2)
    }

    @Test func emptyFilesAreSkippedWithAWarning() throws {
        for (text, name) in [("", "empty.txt"), ("   \n\n\u{3000}\u{3000}\n", "blank.txt"), ("<p>&nbsp;</p>", "blank.html")] {
            let result = CorpusReader().readData(Data(text.utf8), path: "/tmp/\(name)")
            #expect(result.articles.isEmpty)
            #expect(result.warnings.count == 1)
            #expect(result.warnings.first?.description == "/tmp/\(name): no text in the file; skipped")
        }
    }

    @Test func articlesRoundTripThroughJSON() throws {
        let articles = try CorpusReader().read([Fixture.corpus]).articles
        let data = try JSONEncoder().encode(articles)
        #expect(try JSONDecoder().decode([Article].self, from: data) == articles)
    }
}
