import Foundation
import Testing
@testable import NewsCorpus

/// Each input format: plain text, HTML, Markdown with front matter, JSON Lines, JSON arrays, Sogou.
@Suite struct FormatTests {
    func read(_ text: String, as name: String) -> IngestResult {
        CorpusReader().readData(Data(text.utf8), path: "/tmp/in/\(name)")
    }

    func single(_ text: String, as name: String) throws -> Article {
        let result = read(text, as: name)
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(result.articles.count == 1)
        return try #require(result.articles.first)
    }

    // MARK: Plain text

    @Test func plainTextHeadlineWhenTheFirstLineLooksLikeOne() throws {
        let article = try single("京东发布乡村振兴战略\n\n　　9月20日，京东在北京发布战略。\n　　第二段内容在这里。\n", as: "news-1.txt")
        #expect(article.id == "news-1")
        #expect(article.title == "京东发布乡村振兴战略")
        #expect(article.text == "9月20日，京东在北京发布战略。\n第二段内容在这里。")
        #expect(article.path == "/tmp/in/news-1.txt")
    }

    @Test func plainTextWithoutHeadline() throws {
        // A first line that is a sentence (full stop), indented, or too long is body text.
        for text in ["京东在北京发布战略。\n第二段。", "　　京东发布战略\n第二段。",
                     String(repeating: "很长的第一行没有标点", count: 8) + "\n第二段。", "只有一行"] {
            let article = try single(text, as: "x.txt")
            #expect(article.title == "", "\(text)")
            #expect(article.text.hasSuffix(text.contains("\n") ? "第二段。" : "只有一行"))
        }
    }

    @Test func whitespaceCollapsesAndIndentationSplitsParagraphs() throws {
        let text = "\u{3000}\u{3000}第一段，  有\t多余   空格。\u{3000}\u{3000}第二段\u{A0}\u{A0}内容。\r\n\r\n\u{200B}第三段\u{3000}一个全角空格。  \n"
        let article = try single(text, as: "w.txt")
        #expect(article.text == "第一段， 有 多余 空格。\n第二段 内容。\n第三段 一个全角空格。")
    }

    // MARK: HTML

    @Test func htmlTagsEntitiesBlocksScriptsAndTitle() throws {
        let html = """
        <!DOCTYPE html><html><head><title>页面标题 - 网站</title><style>p { color: red }</style>
        <script>var x = "<p>不是正文</p>";</script></head><body>
        <h1>山西&amp;拼多多合作</h1>
        <div class="nav"><a href="/">首页</a> | <a href="/news">新闻</a></div>
        <p>第一段&nbsp;有实体&#x4E2D;&#20013;&lt;b&gt;文字&ldquo;引号&rdquo;。</p>
        <p>第二段<br>换行后<span>同段</span>文字。<!-- 注释 --></p>
        <table><tr><td>表格一</td><td>表格二</td></tr></table>
        <noscript>请启用脚本</noscript>
        </body></html>
        """
        let article = try single(html, as: "page.html")
        #expect(article.title == "山西&拼多多合作")
        #expect(article.text == "第一段 有实体中中<b>文字“引号”。\n第二段\n换行后同段文字。\n表格一\n表格二")
    }

    @Test func htmlSoftLineBreaksVanishBetweenChineseCharacters() throws {
        let article = try single("<p>乡村\n振兴战略\nand English\nwords</p>", as: "soft.htm")
        #expect(article.text == "乡村振兴战略 and English words")
    }

    @Test func textFileHoldingHTMLFragments() throws {
        let text = "标题在第一行\n<div><span>　　正文&nbsp;第一段。</span></div><div>&nbsp;</div>\n<div><span>第二段。</span></div>"
        let article = try single(text, as: "frag.txt")
        #expect(article.title == "标题在第一行")
        #expect(article.text == "正文 第一段。\n第二段。")
    }

    // MARK: Markdown

    @Test func markdownFrontMatterAndInlineSyntax() throws {
        let text = """
        ---
        title: '标题：“引号” ''单引号'''
        date: 2022-04-19
        categories: [财经, 农业]
        tags:
          - 乡村振兴
          - 电商
        source: 经济日报
        ---
        # 小标题

        这是**加粗**和*强调*，还有[链接文字](https://example.com/a_b)和![图片](x.png)以及`代码`。
        代号 PD1728_A_1 与 snake_case_name 保持原样，_强调_去掉。

        > 引用的一段
        - 列表一
        - 列表二

        [返回首页](https://example.com/) | [返回频道](/c)
        <https://example.com/source/link>
        """
        let article = try single(text, as: "post.md")
        #expect(article.title == "标题：“引号” '单引号'")
        #expect(article.date == "2022-04-19")
        #expect(article.tags == ["财经", "农业", "乡村振兴", "电商"])
        #expect(article.source == "经济日报")
        #expect(article.text == """
        小标题
        这是加粗和强调，还有链接文字和以及代码。代号 PD1728_A_1 与 snake_case_name 保持原样，强调去掉。
        引用的一段
        列表一
        列表二
        """)
        #expect(!article.text.contains("http"))
    }

    @Test func proseBetweenRulesIsNotFrontMatter() throws {
        let article = try single("---\n正文第一段，不是元数据。\n---\n正文第二段。", as: "rules.txt")
        #expect(article.text == "---\n正文第一段，不是元数据。\n---\n正文第二段。")
        let markdown = try single("---\n正文第一段，不是元数据。\n---\n正文第二段。", as: "rules.md")
        #expect(markdown.text == "正文第一段，不是元数据。\n正文第二段。")
    }

    @Test func markdownHeadingIsTheTitleWithoutFrontMatter() throws {
        let article = try single("# 新闻标题\n\n正文第一段。\n", as: "plain.md")
        #expect(article.title == "新闻标题")
        #expect(article.text == "正文第一段。")
    }

    // MARK: JSON Lines and JSON

    @Test func jsonLinesRecordsWithAliasesAndAMalformedLine() throws {
        let lines = [
            #"{"id": "a1", "title": "第一条", "text": "正文一。\n第二段。", "date": "2022-09-24", "source": "央视", "url": "https://x/1"}"#,
            #"{"id": "a2", "title": "坏的一行", "text": "没有结束"#,
            "",
            #"{"title": "用 content 字段", "content": "<p>HTML 正文</p><p>第二段</p>", "publish_time": "2022/9/25 08:30"}"#,
            #"{"id": 42, "headline": "数字 id", "body": ["段一", "段二"], "tags": ["甲", "乙"]}"#,
            #"{"id": "no-text", "title": "没有正文字段"}"#,
            #"["not", "an", "object"]"#,
        ]
        let text = lines.joined(separator: "\n")
        let result = read(text, as: "feed.jsonl")
        #expect(result.articles.map(\.id) == ["a1", "feed#4", "42"])
        #expect(result.articles[0].text == "正文一。\n第二段。")
        #expect(result.articles[0].date == "2022-09-24")
        #expect(result.articles[0].source == "央视")
        #expect(result.articles[0].url == "https://x/1")
        #expect(result.articles[1].title == "用 content 字段")
        #expect(result.articles[1].text == "HTML 正文\n第二段")
        #expect(result.articles[1].date == "2022-09-25T08:30:00")
        #expect(result.articles[2].title == "数字 id")
        #expect(result.articles[2].text == "段一\n段二")
        #expect(result.articles[2].tags == ["甲", "乙"])
        #expect(result.warnings.map(\.line) == [2, 6, 7])
        let malformed = try #require(result.warnings.first)
        #expect(malformed.message.contains("malformed"))
        let lineStart = lines[0].utf8.count + 1
        #expect(malformed.byteOffset.map { $0 >= lineStart && $0 <= lineStart + lines[1].utf8.count } == true)
        #expect(malformed.description.hasPrefix("/tmp/in/feed.jsonl:2: byte "))
    }

    @Test func jsonArrayAndWrappedArray() throws {
        let array = #"[{"id": "x", "title": "甲", "text": "一。"}, {"title": "乙", "text": "二。"}, 5]"#
        let result = read(array, as: "list.json")
        #expect(result.articles.map(\.id) == ["x", "list#2"])
        #expect(result.warnings.count == 1)
        let wrapped = #"{"status": "ok", "data": [{"id": "w", "title": "丙", "content": "三。"}]}"#
        #expect(read(wrapped, as: "api.json").articles.map(\.text) == ["三。"])
        let brokenText = #"[{"id": "x", "text": "一"}, {"id": }]"#
        let broken = read(brokenText, as: "bad.json")
        #expect(broken.articles.isEmpty)
        #expect(broken.warnings.first?.byteOffset == brokenText.utf8.count - 2)  // the "}" where a value should be
    }

    @Test func jsonStringEscapes() throws {
        let line = #"{"id": "e", "text": "\u4e2d\u6587 \ud83d\ude00 \"q\" \\ \/ tab\tend"}"#
        let article = try single(line, as: "esc.jsonl")
        #expect(article.text == "中文 😀 \"q\" \\ / tab end")
        let lone = try single(#"{"id": "s", "text": "a\ud800b\udc00c\u00e9\u4E2D"}"#, as: "lone.jsonl")
        #expect(lone.text == "a\u{FFFD}b\u{FFFD}cé中")
    }

    // MARK: Sogou

    @Test func sogouDocuments() throws {
        let text = """
        <doclist>
        <doc>
        <url>http://news.sohu.com/20120612/n345428229.shtml</url>
        <docno>abc-1</docno>
        <contenttitle>标题一</contenttitle>
        <content>正文一。　　第二段。</content>
        </doc>
        <doc>
        <url>http://example.com/x</url>
        <docno></docno>
        <contenttitle>标题二</contenttitle>
        <content>正文二。</content>
        </doc>
        <doc>
        <docno>no-content</docno>
        </doc>
        </doclist>
        """
        let result = read(text, as: "sample.dat")
        #expect(result.articles.map(\.id) == ["abc-1", "sample#2"])
        #expect(result.articles[0].title == "标题一")
        #expect(result.articles[0].text == "正文一。\n第二段。")
        #expect(result.articles[0].date == "2012-06-12")
        #expect(result.articles[1].date == nil)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.line == 14)
    }

    // MARK: Dates

    @Test func datesNormalise() {
        #expect(Dates.iso8601("2022-04-19 10:24:35 +0800") == "2022-04-19T10:24:35+08:00")
        #expect(Dates.iso8601("2022-04-19T10:24:35Z") == "2022-04-19T10:24:35Z")
        #expect(Dates.iso8601("2022年4月9日") == "2022-04-09")
        #expect(Dates.iso8601("20220419") == "2022-04-19")
        #expect(Dates.iso8601("2022/4/9 8:05") == "2022-04-09T08:05:00")
        #expect(Dates.iso8601("yesterday") == "yesterday")
        #expect(Dates.iso8601("  ") == nil)
    }
}
