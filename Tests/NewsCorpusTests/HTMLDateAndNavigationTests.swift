import Foundation
import Testing
@testable import NewsCorpus

/// HTML pages give their publication date (meta tags, <time>, a byline), and menu rows and editor credit lines
/// leave the text while sentences that mention 首页 or 编辑 stay.
@Suite struct HTMLDateAndNavigationTests {
    static let body = "<p>　　新华社北京9月24日电 国家统计局今天发布数据，前三季度经济运行总体平稳。</p><p>专家表示，下阶段经济将继续恢复。</p>"

    /// A page with `head` in its <head> and `top` before the article body.
    static func page(head: String = "", top: String = "") -> String {
        "<html><head><title>统计局发布数据</title>\(head)</head><body>\(top)<h1>统计局发布数据</h1>\(body)</body></html>"
    }

    func read(_ html: String, as name: String = "x.html") throws -> Article {
        let result = CorpusReader().readData(Data(html.utf8), path: name)
        return try #require(result.articles.first, "no article: \(result.warnings)")
    }

    @Test(arguments: [
        (#"<meta property="article:published_time" content="2022-09-24T10:00:00+08:00">"#, "2022-09-24T10:00:00+08:00"),
        (#"<meta name="pubdate" content="2022-09-24 10:00:00">"#, "2022-09-24T10:00:00"),
        (#"<meta name="publishdate" content="2022-09-24">"#, "2022-09-24"),
        (#"<meta name="PubDate" content="2022/09/24 10:00">"#, "2022-09-24T10:00:00"),
        (#"<meta property="og:release_date" content="2022-09-24T02:00:00Z" />"#, "2022-09-24T02:00:00Z"),
        (#"<meta itemprop="datePublished" content="2022-09-24">"#, "2022-09-24"),
        (#"<META NAME='publishdate' CONTENT='2022年9月24日'>"#, "2022-09-24"),
    ])
    func metaDates(meta: String, expected: String) throws {
        #expect(try read(Self.page(head: meta)).date == expected)
    }

    @Test func itempropTimeAndBylineDates() throws {
        let itemprop = Self.page(top: #"<span itemprop="datePublished" content="2022-09-24T10:00:00+08:00">2022年9月24日</span>"#)
        #expect(try read(itemprop).date == "2022-09-24T10:00:00+08:00")
        #expect(try read(Self.page(top: #"<time datetime="2022-09-24T10:00">9月24日</time>"#)).date == "2022-09-24T10:00:00")
        #expect(try read(Self.page(top: "<time>2022-09-24 10:00</time>")).date == "2022-09-24T10:00:00")
        for (byline, expected) in [("2022年09月24日 10:00 来源：新华网", "2022-09-24T10:00:00"),
                                   ("发布时间：2022-09-24 10:00　作者：张三", "2022-09-24T10:00:00"),
                                   ("2022/09/24", "2022-09-24")] {
            let article = try read(Self.page(top: "<div class=\"info\">\(byline)</div>"))
            #expect(article.date == expected, "\(byline)")
        }
    }

    @Test func moreTrustedSourcesWin() throws {
        let all = Self.page(head: #"<meta name="pubdate" content="2022-09-20">"#,
                            top: #"<time datetime="2022-09-21">x</time><div>2022-09-22 10:00</div>"#)
        #expect(try read(all).date == "2022-09-20")
        let published = Self.page(head: #"<meta name="pubdate" content="2022-09-20"><meta property="article:published_time" content="2022-09-19">"#)
        #expect(try read(published).date == "2022-09-19")
        // A meta value in no date shape is skipped, not stored raw.
        let junk = Self.page(head: #"<meta name="pubdate" content="yesterday">"#, top: #"<time datetime="2022-09-21">x</time>"#)
        #expect(try read(junk).date == "2022-09-21")
        let byline = Self.page(top: "<p>2022-09-22 10:00</p>")
        #expect(try read(byline).date == "2022-09-22T10:00:00")
    }

    @Test func datesMatchTheJSONNormalisation() throws {
        let json = #"{"id": "a", "text": "正文。", "date": "2022-09-24 10:00"}"#
        let record = try #require(CorpusReader().readData(Data(json.utf8), path: "r.jsonl").articles.first)
        #expect(try read(Self.page(top: "<p>2022-09-24 10:00</p>")).date == record.date)
        #expect(try read(Self.page(head: #"<meta name="pubdate" content="2022-09-24 10:00">"#)).date == record.date)
    }

    @Test func noDateAndSentencesAreNotBylines() throws {
        #expect(try read(Self.page()).date == nil)
        // A date inside the lead sentence is when something happened, not a byline.
        let lead = "<html><body><p>2022年9月24日，国家统计局发布数据，经济运行总体平稳。</p></body></html>"
        #expect(try read(lead).date == nil)
        #expect(Dates.byline("12022-09-24") == nil)
        #expect(Dates.byline("电话：010-12345678") == nil)
    }

    // MARK: Navigation bars and editor lines

    @Test func navigationBarsGo() throws {
        let rows = ["首页 | 新闻 | 财经 | 体育", "首页 · 新闻 · 财经", "首页 新闻 财经 体育 娱乐", "首页 > 新闻中心 > 国内新闻",
                    "网站首页｜时政｜NBA｜5G"]
        for row in rows {
            let article = try read(Self.page(top: "<div>\(row)</div>"))
            #expect(article.text.hasPrefix("新华社北京9月24日电"), "\(row): \(article.text)")
        }
        // At the top of a page a short menu row need not start with 首页.
        #expect(try read(Self.page(top: "<div>新闻 | 财经 | 体育</div>")).text.hasPrefix("新华社北京9月24日电"))
        // Anywhere, five or more words separated by | go.
        let bottom = "<html><body>\(Self.body)<div>新闻 / 财经 / 体育 / 娱乐 / 科技</div></body></html>"
        #expect(try read(bottom).text.hasSuffix("下阶段经济将继续恢复。"))
    }

    @Test func sentencesMentioningMenusStay() throws {
        let kept = ["首页改版后，新闻栏目更加醒目。", "本报记者 | 安宁", "记者 张三 李四 王五", "网站首页上线了新的栏目。"]
        for line in kept {
            let html = "<html><body><p>\(line)</p>\(Self.body)</body></html>"
            #expect(try read(html).text.hasPrefix(line), "\(line)")
        }
        // In the middle of a text, three words separated by | are not enough to be a menu.
        let middle = "<html><body><p>第一段正文。</p><p>第二段正文。</p><p>第三段正文。</p><p>甲方 | 乙方 | 丙方</p></body></html>"
        #expect(try read(middle).text.hasSuffix("甲方 | 乙方 | 丙方"))
        #expect(!Boilerplate.isNavigationBar("首页，新闻，财经", atTop: true))
        #expect(!Boilerplate.isNavigationBar("国务院 | 常务会议召开研究部署 | 工作", atTop: true))
    }

    @Test func editorLinesGo() throws {
        let lines = ["责任编辑：张三", "编辑：李四", "(责任编辑：王五)", "[责任编辑:赵六]", "【责任编辑：孙七】", "（编辑 ：周八）",
                     "编辑：张三 校对：李四 审核：王五"]
        for line in lines {
            let html = "<html><body>\(Self.body)<p>\(line)</p></body></html>"
            #expect(try read(html).text.hasSuffix("下阶段经济将继续恢复。"), "\(line)")
            let text = "标题\n正文第一段。\n\(line)"
            #expect(try read(text, as: "x.txt").text == "正文第一段。", "\(line)")
        }
        let trailing = "<html><body><p>专家表示，下阶段经济将继续恢复。（责任编辑：张三）</p></body></html>"
        #expect(try read(trailing).text == "专家表示，下阶段经济将继续恢复。")
    }

    @Test func sentencesMentioningEditorsStay() throws {
        let kept = ["他是一名资深编辑，负责审核稿件。", "编辑部的同事们表示：欢迎来信。", "编辑：你如何看待这一变化？",
                    "杂志编辑张三说，今年订户增加了。", "他说（编辑这本书花了三年）。"]
        for line in kept {
            let html = "<html><body>\(Self.body)<p>\(line)</p></body></html>"
            #expect(try read(html).text.hasSuffix(line), "\(line)")
        }
    }
}
