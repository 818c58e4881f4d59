import Foundation
import Testing
import ChineseText
@testable import InvertedIndex

/// Ranking by words over a small corpus of our own: names that also occur inside other words.
///
/// Every article where a name stands as a word must rank above every article where it occurs only
/// inside another word, however often and wherever (title included) the buried form occurs.
@Suite(.serialized) struct WordRankingTests {
    /// The repository's word list (jieba's words and frequencies plus the hand list).
    static let words: WordDictionary = {
        (try? WordDictionary.load(contentsOf: repositoryRoot.appendingPathComponent("Dictionaries/words.txt"))) ?? WordDictionary()
    }()

    /// (name, articles where it stands as a word, articles where it is only inside other words).
    static let cases: [(name: String, word: [IndexDocument], buried: [IndexDocument])] = [
        ("京东",
         [IndexDocument(id: "jd-1", title: "电商平台助推外贸企业开拓内销", text: "政府搭台、平台联动。京东上线了外贸优品专区，对想开店的商家给予扶持。快手开通优质外贸专场，" + filler(6), date: "2025-04-22"),
          IndexDocument(id: "jd-2", title: "平台企业座谈会召开", text: "拼多多、京东、美团等企业负责人先后发言。", date: "2023-07-12")],
         [IndexDocument(id: "jd-x1", title: "北京东城区推进老旧小区改造", text: "北京东城区今年改造小区。北京东城区居民说好。北京东城区还将继续。", date: "2025-07-27"),
          IndexDocument(id: "jd-x2", title: "国内联播快讯", text: "北京东六环改造工程今天通车。", date: "2026-01-01"),
          IndexDocument(id: "jd-x3", title: "京东方科技集团发布新品", text: "京东方科技集团今天发布显示屏。", date: "2026-02-01")]),
        ("华为",
         [IndexDocument(id: "hw-1", title: "广东推进制造强省建设", text: "如今在深圳，依托华为、比亚迪、迈瑞等一批链主企业，当地在网络通信等领域不断壮大。" + filler(4), date: "2023-06-04"),
          IndexDocument(id: "hw-2", title: "李强在广东调研", text: "李强先后来到迈瑞医疗、华为公司，对企业创新发展取得的成绩表示赞赏。", date: "2023-08-24")],
         [IndexDocument(id: "hw-x1", title: "以访华为契机深化合作", text: "双方要以总统访华为契机，落实好重要共识。以访华为契机，推动合作。", date: "2026-09-08")]),
        ("长安",
         [IndexDocument(id: "ca-1", title: "汽车企业加快转型", text: "在重庆，长安汽车集团加快新能源转型。" + filler(3), date: "2026-07-19")],
         [IndexDocument(id: "ca-x1", title: "长安街沿线花团锦簇", text: "长安街沿线花坛布置完成，长安街迎来游客。", date: "2026-10-01")]),
        ("6.67",
         [IndexDocument(id: "num-1", title: "化肥市场总体平稳", text: "化肥批发价格综合指数比2月初下跌6.67%。" + filler(5), date: "2023-05-08")],
         [IndexDocument(id: "num-x1", title: "河北发展新兴产业 增长96.67%", text: "较去年增长96.67%，总重达46.67公斤，水位保持在16.67米。", date: "2026-03-16")]),
    ]

    /// Neutral sentences that lengthen a text (and so lower its score) without any query name.
    static func filler(_ n: Int) -> String {
        String(repeating: "各地各部门认真贯彻落实各项部署，推动工作取得新成效。", count: n)
    }

    func index(_ docs: [IndexDocument]) throws -> (IndexReader, URL) {
        let dir = temporaryDirectory()
        let index = try Index.create(at: dir, analyzer: Analyzer(dictionary: Self.words))
        let writer = try index.writer()
        try writer.add(contentsOf: docs)
        try writer.commit()
        writer.close()
        return (try index.reader(), dir)
    }

    @Test func namesStandingAsWordsRankAboveNamesInsideOtherWords() throws {
        let all = Self.cases.flatMap { $0.word + $0.buried }
        let (reader, dir) = try index(all)
        defer { try? FileManager.default.removeItem(at: dir) }
        for c in Self.cases {
            let hits = try reader.search(c.name, limit: 100).hits.map(\.id)
            // Recall is exact: every article holding the string is found, buried ones included.
            #expect(Set(hits) == Set((c.word + c.buried).map(\.id)), "\(c.name): \(hits)")
            let wordIDs = Set(c.word.map(\.id))
            let firstBuried = hits.firstIndex { !wordIDs.contains($0) } ?? hits.count
            #expect(hits.prefix(firstBuried).count == c.word.count, "\(c.name) ranked \(hits)")
        }
    }

    @Test func wholeQueryInTheTitleBeatsItsPartsScattered() throws {
        let docs = [
            IndexDocument(id: "part", title: "杭州今天天气晴好", text: "杭州今天很热闹。市民谈论杭州亚运会。" + Self.filler(1), date: "2026-01-02"),
            IndexDocument(id: "whole", title: "杭州亚运会倒计时", text: "筹备工作进入冲刺阶段。" + Self.filler(2), date: "2023-08-24"),
        ]
        let (reader, dir) = try index(docs)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try reader.search("杭州亚运会").hits.map(\.id) == ["whole", "part"])
    }

    @Test func theItemAboutTheQueryIsNotBuriedByALongBulletin() throws {
        // A bulletin of twelve items (about three average articles long), one of them about 乡村振兴,
        // against an average-length article that mentions it twice far apart. By whole-text length
        // the bulletin would lose (3 mentions over 2,300 characters); its item, scored as a passage,
        // is the better answer.
        var items = (0..<12).map { "第\($0)条消息\n" + Self.filler(8) }
        items[7] = "乡村振兴取得新进展\n各地推进乡村振兴，乡村振兴示范村建设加快。" + Self.filler(6)
        var docs = [
            IndexDocument(id: "bulletin", title: "国内联播快讯", text: items.joined(separator: "\n"), date: "2024-01-01"),
            IndexDocument(id: "passing", title: "各地新闻", text: "谈到乡村振兴。" + Self.filler(24) + "也谈到乡村振兴。", date: "2024-01-02"),
        ]
        for i in 0..<6 { docs.append(IndexDocument(id: "other\(i)", title: "其他", text: Self.filler(25), date: "2024-01-03")) }
        let (reader, dir) = try index(docs)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ranked = try reader.search("乡村振兴").hits
        #expect(ranked.map(\.id) == ["bulletin", "passing"], "\(ranked.map { ($0.id, $0.score) })")
    }

    @Test func anAlignedOccurrenceInAVeryLongTitleStillBeatsBuriedOnes() throws {
        // A title thirty times the average length holds 京东 once; another article is full of 北京东城区.
        var docs = [
            IndexDocument(id: "long-title", title: Self.filler(10) + "京东" + Self.filler(10), text: "正文。", date: "2020-01-01"),
            IndexDocument(id: "buried", title: "北京东城区北京东城区", text: "北京东城区。北京东城区，北京东城区。", date: "2026-01-01"),
        ]
        for i in 0..<30 { docs.append(IndexDocument(id: "o\(i)", title: "短标题", text: Self.filler(2), date: "2024-01-01")) }
        let (reader, dir) = try index(docs)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try reader.search("京东").hits.map(\.id) == ["long-title", "buried"])
    }

    @Test func snippetsShowTheQueryWhereItStandsAsAWord() throws {
        // 京东 inside 北京东城区 comes first in the text; the snippet marks the company instead.
        let text = "北京东城区今天举行活动。" + Self.filler(6) + "京东发布新的物流服务。"
        let (reader, dir) = try index([IndexDocument(id: "both", title: "北京东城区新闻", text: text, date: "2025-01-01")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let hit = try #require(try reader.search("京东").hits.first)
        let scalars = Array(text.unicodeScalars)
        let marked = hit.snippet.highlights.map { String(String.UnicodeScalarView(scalars[$0])) }
        #expect(marked == ["京东"])
        #expect(hit.snippet.highlights.first?.lowerBound == text.unicodeScalars.count - "京东发布新的物流服务。".unicodeScalars.count)
        // Where the query never stands as a word, its buried occurrences are still marked (title here).
        #expect(hit.titleHighlights == [1..<3])
    }

    @Test func equalScoresPutTheNewestFirst() throws {
        let docs = ["2021-05-01", "2024-05-01", "2022-05-01"].enumerated().map { i, date in
            IndexDocument(id: "d\(i)", title: "新闻", text: "京东发布消息。", date: date)
        }
        let (reader, dir) = try index(docs)
        defer { try? FileManager.default.removeItem(at: dir) }
        let hits = try reader.search("京东").hits
        #expect(hits.map(\.id) == ["d1", "d2", "d0"])
        #expect(Set(hits.map(\.score)).count == 1)
    }

    @Test func alignedStartsAreWordsAndNumbersWithUnits() throws {
        // The analyser gives 6.67 at the start of 6.67% and 华为 inside the listed compound 华为公司.
        let analyzer = DocumentAnalyzer(dictionary: Self.words)
        let a = try analyzer.analyze(IndexDocument(id: "a", title: "", text: "下跌6.67%，华为公司表示"))
        let keys = Set(a.positionalKeys)
        #expect(keys.contains(TermKey.word(Normalizer().normalizedScalarValues("6.67"))))
        #expect(keys.contains(TermKey.word(Normalizer().normalizedScalarValues("6.67%"))))
        #expect(keys.contains(TermKey.word(Normalizer().normalizedScalarValues("华为"))))
        #expect(!keys.contains(TermKey.word(Normalizer().normalizedScalarValues("16.67"))))
        // Word keys never collide with bigram or unigram keys.
        #expect(a.positionalKeys.filter(TermKey.isWord).allSatisfy { !TermKey.isUnigram($0) })
    }
}
