import Foundation
import Testing
@testable import NewsCorpus

/// The five bundled samples ingest to the gold titles, keep all their content and lose all their boilerplate.
@Suite struct SampleCorpusTests {
    let articles: [Article]

    init() throws {
        let result = try CorpusReader().read([Fixture.corpus])
        articles = result.articles
        #expect(result.warnings.isEmpty, "warnings: \(result.warnings)")
    }

    func article(_ prefix: String) throws -> Article {
        try #require(articles.first { $0.id.hasPrefix(prefix) })
    }

    @Test func fiveArticlesInFileOrderWithStemIDs() {
        #expect(articles.map(\.id) == ["000_cd655d245791935a", "001_877a5ce752d0c819", "002_e1ff8f2086505bbe",
                                       "003_65e1662d74c131c1", "004_3a73bc1ef7feb9ef"])
        #expect(articles.allSatisfy { $0.path.hasSuffix($0.id + ".txt") })
    }

    @Test func titlesMatchTheGold() throws {
        let gold = try GoldArticle.load()
        for entry in gold {
            let article = try article(String(entry.id.prefix(3)))
            #expect(article.title == entry.title, "\(entry.id)")
        }
        #expect(try article("000").title == "")
        #expect(try article("002").title.hasPrefix("山西省农业农村厅与拼多多达成战略合作"))
        #expect(try article("003").title == "“新春行动”有力助推脱贫地区特色产业高质量发展")
    }

    @Test func noBoilerplateAnywhere() {
        let forbidden = ["神舟十五号", "返回首页", "返回中国经济导报新闻", "中国网是国务院新闻办公室", "finews", "http", "官方微博",
                         "未经本网授权", "<", "&nbsp;", "layout:", "---", "区块链大航海时代"]
        for article in articles {
            for word in forbidden {
                #expect(!article.text.contains(word), "\(article.id) still holds \(word)")
                #expect(!article.title.contains(word), "\(article.id) title holds \(word)")
            }
        }
    }

    @Test func lastRealParagraphsSurvive() throws {
        let endings = [
            "000": "也让更多的优质农特产走向千家万户。",
            "001": "助推江苏省乡村振兴前行步伐。",
            "002": "拼多多愿与山西一起，为新农业发展出一条新路来。",
            "003": "活动期间累计采购和帮销脱贫地区产品和服务2170余万元。",
            "004": "一起将地方特色名优产品“源头好货”推荐给更多的消费者。",
        ]
        for (prefix, ending) in endings {
            let article = try article(prefix)
            #expect(article.text.contains(ending), "\(prefix) lost its last paragraph")
        }
        // 000 and 001 end exactly there: the headline run and the footer are gone.
        #expect(try article("000").text.hasSuffix("走向千家万户。"))
        #expect(try article("001").text.hasSuffix("前行步伐。"))
        // 003/004 end with their source line, which the gold keeps as content.
        #expect(try article("003").text.hasSuffix("（文章来源：中国经济导报）"))
        #expect(try article("004").text.hasSuffix("（文章来源：国家发展改革委）"))
    }

    @Test func everyGoldContextIsInTheCleanedText() throws {
        let gold = try GoldArticle.load()
        for entry in gold {
            let article = try article(String(entry.id.prefix(3)))
            let flat = article.title + " " + article.text.replacingOccurrences(of: "\n", with: " ")
            let missing = entry.contexts.filter { !flat.contains($0) }
            #expect(missing.isEmpty, "\(entry.id) lost content: \(missing.prefix(3))")
            #expect(entry.contexts.count > 20)
        }
    }

    @Test func captionsAreKept() throws {
        #expect(try article("000").text.contains("(京东农特产购物节IP点亮)"))
        #expect(try article("000").text.contains("(京东零售CEO辛利军)"))
        #expect(try article("003").text.hasPrefix("2月19~28日，在国家广播电视总局公共服务司"))
        #expect(try article("003").text.contains("活动顺利举办。资料图片"))
        #expect(try article("002").text.contains("▲7月15日，拼多多代表在山西省农业农村厅介绍平台的农产品上行情况。（摄影 石头）"))
        #expect(try article("003").text.contains("本报记者 | 安宁"))
    }

    @Test func indentationBecomesParagraphBreaks() throws {
        let text = try article("000").text
        #expect(!text.contains("\u{3000}"))
        #expect(text.contains("(京东农特产购物节IP点亮)\n中国农民丰收节组委会"))
        #expect(text.contains("\n发放十亿“助农券” 30万款农特好物集体上线\n"))
        #expect(text.split(separator: "\n").count >= 14)
        for article in articles {
            #expect(!article.text.contains("  "), "\(article.id) has a double space")
            #expect(!article.text.contains("\n\n"), "\(article.id) has an empty paragraph")
            #expect(article.text == article.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    @Test func htmlFragmentsBecomeParagraphs() throws {
        let text = try article("002").text
        #expect(text.hasPrefix("雁门关外、太行山上、吕梁山脚、黄河岸边"))
        #expect(!text.contains("span"))
        #expect(!text.contains("\u{A0}"))
        #expect(text.split(separator: "\n").count == 29)  // the non-empty <span> blocks of the file
    }

    @Test func frontMatterFields() throws {
        let third = try article("003")
        #expect(third.date == "2022-04-19T10:24:35+08:00")
        #expect(third.tags == ["zhongguojingjidaobao", "中国经济导报新闻"])
        #expect(third.source == "中国经济导报")
        #expect(third.url == "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202204192347892272")
        let fourth = try article("004")
        #expect(fourth.date == "2022-04-15T11:35:24+08:00")
        #expect(fourth.title == "开启“直播+消费帮扶”模式 2022新春首场公益直播“开门红”！！")
        #expect(fourth.text.contains("为深入贯彻落实《国家发展改革委办公厅关于组织开展“消费帮扶新春行动”促进消费持续恢复的通知》"))
        #expect(try article("000").date == nil)
    }

    @Test func eachSampleAloneIsMostlyCleanedToo() throws {
        // The single-article fallback (copyright/contact markers, headline runs) without the cross-article rule.
        for prefix in ["000", "001", "003", "004"] {
            let result = try CorpusReader().readFile(try Fixture.sample(prefix))
            let article = try #require(result.articles.first)
            #expect(result.articles.count == 1)
            for word in ["神舟十五号", "中国网是国务院新闻办公室", "官方微博", "返回首页", "http"] {
                #expect(!article.text.contains(word), "\(prefix) alone still holds \(word)")
            }
        }
        let alone = try CorpusReader().readFile(try Fixture.sample("000")).articles[0]
        let together = try article("000")
        #expect(alone.text == together.text)
    }

    @Test func readDataMatchesReadingTheFile() throws {
        let url = try Fixture.sample("004")
        let fromData = CorpusReader().readData(try Data(contentsOf: url), path: url.path)
        #expect(fromData.articles == (try CorpusReader().readFile(url)).articles)
    }
}
