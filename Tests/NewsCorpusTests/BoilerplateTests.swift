import Foundation
import Testing
@testable import NewsCorpus

/// The boilerplate rules generalise: they are tested on made-up sites, not only on the samples.
@Suite struct BoilerplateTests {
    /// A footer without any copyright or contact marker: only the cross-article rule can know it is boilerplate.
    static let sharedFooter = "相关阅读：本周农产品价格走势平稳，蔬菜价格小幅回落。下周天气晴好，适宜秋收秋种。欢迎读者来信，提出宝贵意见。"

    func folder(_ files: [String: String]) throws -> URL {
        let folder = try Fixture.temporaryFolder()
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    @Test func blocksRepeatedAcrossArticlesOfAFolderGo() throws {
        let first = "　　第一篇文章讲的是秋收。农民们在田里忙碌，收成很好。" + Self.sharedFooter
        let second = "　　第二篇文章讲的是电商。平台帮助农户卖出更多农产品。\n" + Self.sharedFooter
        let folder = try folder(["a.txt": first, "b.txt": second])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CorpusReader().read([folder])
        #expect(result.articles.map(\.text) == ["第一篇文章讲的是秋收。农民们在田里忙碌，收成很好。",
                                                "第二篇文章讲的是电商。平台帮助农户卖出更多农产品。"])
        // Read alone, nothing marks the footer as boilerplate: it stays.
        let alone = try CorpusReader().readFile(folder.appendingPathComponent("a.txt"))
        #expect(alone.articles.first?.text.hasSuffix("提出宝贵意见。") == true)
        // And the rule can be switched off.
        let off = try CorpusReader(options: .init(crossArticleRules: false)).read([folder])
        #expect(off.articles.allSatisfy { $0.text.hasSuffix("提出宝贵意见。") })
    }

    @Test func sharedBlockStartingMidSentenceIsCutAtTheNextSentence() throws {
        // Both articles end their own last sentence with the same words: those stay, the shared block goes.
        let first = "第一篇的正文说到了农业的发展。" + Self.sharedFooter
        let second = "今年以来，各地加快推进。第二篇讲述工业同样的发展。" + Self.sharedFooter
        let folder = try folder(["a.txt": first, "b.txt": second])
        defer { try? FileManager.default.removeItem(at: folder) }
        let texts = try CorpusReader().read([folder]).articles.map(\.text)
        #expect(texts == ["第一篇的正文说到了农业的发展。", "今年以来，各地加快推进。第二篇讲述工业同样的发展。"])
    }

    @Test func duplicateArticlesAreNotEmptied() throws {
        let text = "农业农村部今天发布数据，秋粮收获过半。各地抢抓晴好天气，加快收获进度。专家表示，今年秋粮丰收已成定局。"
        let folder = try folder(["a.txt": text, "copy.txt": text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let texts = try CorpusReader().read([folder]).articles.map(\.text)
        #expect(texts == [text, text])
    }

    @Test func sharedLeadingAndTrailingParagraphsGo() throws {
        let header = "本站首页 > 新闻中心 > 正文"
        let share = "分享到：微信 微博 QQ空间"
        let first = "\(header)\n第一篇正文，讲了丰收。\n第二段。\n\(share)"
        let second = "\(header)\n第二篇正文，讲了电商。\n\(share)"
        let folder = try folder(["a.txt": first, "b.txt": second])
        defer { try? FileManager.default.removeItem(at: folder) }
        let texts = try CorpusReader().read([folder]).articles.map(\.text)
        #expect(texts == ["第一篇正文，讲了丰收。\n第二段。", "第二篇正文，讲了电商。"])
    }

    @Test func singleArticleFooterAndHeadlineRun() throws {
        let body = "　　记者从市农业局获悉，今年全市粮食总产量再创新高，达到120万吨。\u{3000}\u{3000}市农业局表示，将继续推进高标准农田建设。"
        let headlines = "秋粮收获进度过半全国冬小麦播种顺利推进农产品批发价格指数小幅上涨乡村振兴示范县名单公布智慧农业论坛在京举行新型农业经营主体突破四百万家"
        let footer = "版权所有：某某日报社 未经授权禁止转载 联系电话：010-12345678 传真：010-87654321"
        let article = try #require(CorpusReader().readData(Data((body + " " + String(repeating: headlines, count: 2) + footer).utf8),
                                                          path: "/tmp/site/a.txt").articles.first)
        #expect(article.text == "记者从市农业局获悉，今年全市粮食总产量再创新高，达到120万吨。\n市农业局表示，将继续推进高标准农田建设。")
    }

    @Test func oneMarkerAloneIsContent() throws {
        // A story about 版权 (copyright) ending on that word is not a footer; nor is a hotline number.
        let text = "第九届中国国际版权博览会在成都开幕。\n本届博览会展示版权领域的新技术，推动中外版权交流。\n咨询电话：12345。"
        let article = try #require(CorpusReader().readData(Data(text.utf8), path: "/tmp/c.txt").articles.first)
        #expect(article.text == text)
    }

    @Test func navigationAndLinkOnlyLines() {
        #expect(Boilerplate.isNavigation("返回首页"))
        #expect(Boilerplate.isNavigation("返回中国经济导报新闻｜返回首页"))
        #expect(Boilerplate.isNavigation("【打印】 【关闭】"))
        #expect(Boilerplate.isNavigation("首页 > 新闻 > 国内"))
        #expect(Boilerplate.isNavigation("上一篇：某某新闻标题"))
        #expect(!Boilerplate.isNavigation("返回舱成功着陆。"))
        #expect(!Boilerplate.isNavigation("返回舱与推进舱分离，返回舱成功着陆。"))
        #expect(!Boilerplate.isNavigation("本报记者 | 安宁"))
        #expect(!Boilerplate.isNavigation("各地各企业全力支持"))
        #expect(Boilerplate.isLinkOnly("[查看原文](https://tv.cctv.com/2022/09/25/VIDE.shtml)"))
        #expect(Boilerplate.isLinkOnly("[返回](//a/b)｜[首页](//a/)"))
        #expect(!Boilerplate.isLinkOnly("[注]这是一条注释(见下文)，并非链接。"))
        #expect(Boilerplate.isURLOnly("http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW1"))
        #expect(!Boilerplate.isURLOnly("访问 http://www.gov.cn 查询"))
    }

    @Test func sourceLineIsReadButKept() throws {
        let text = "正文第一段。\n（文章来源：经济日报）"
        let article = try #require(CorpusReader().readData(Data(text.utf8), path: "/tmp/s.txt").articles.first)
        #expect(article.source == "经济日报")
        #expect(article.text == text)
    }

    @Test func recordsKeepSharedSentencesOfAFewStories() throws {
        // In a file of records a sentence shared by two stories (of many) is content, not a site footer.
        let shared = "届时，中央广播电视总台所属各频道、各频率将进行现场直播，全国各级广播电视主频率、主频道同步转播。"
        var lines: [String] = []
        for index in 0..<10 {
            let ending = index < 2 ? "\\n" + shared : ""
            lines.append(#"{"id": "r\#(index)", "title": "第\#(index)条", "text": "第\#(index)条新闻的正文内容。\#(ending)"}"#)
        }
        let result = CorpusReader().readData(Data(lines.joined(separator: "\n").utf8), path: "/tmp/records.jsonl")
        #expect(result.articles.count == 10)
        #expect(result.articles[0].text.hasSuffix(shared))
        #expect(result.articles[1].text.hasSuffix(shared))
        // ...but a footer in most records is the exporter's boilerplate.
        let footer = "本文来自某某新闻客户端，更多精彩内容请下载应用，欢迎关注我们的公众号获取更多资讯。"
        let crawled = (0..<6).map { #"{"id": "c\#($0)", "text": "第\#($0)条正文，说的是不同的事情。\n\#(footer)"}"# }
        let cleaned = CorpusReader().readData(Data(crawled.joined(separator: "\n").utf8), path: "/tmp/crawl.jsonl")
        #expect(cleaned.articles.map(\.text) == (0..<6).map { "第\($0)条正文，说的是不同的事情。" })
    }
}
