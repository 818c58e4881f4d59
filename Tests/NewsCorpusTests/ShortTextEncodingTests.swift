import Foundation
import JiansuoTestSupport
import Testing
@testable import NewsCorpus

/// Short texts in every charset Chinese news arrives in decode to what was written: strict decodes beat the
/// statistical detector, UTF-16 needs a BOM or real evidence, and damaged UTF-8 stays UTF-8 with a warning.
@Suite struct ShortTextEncodingTests {
    /// Real headline and dateline phrases, Simplified; the Traditional forms come from ICU's transliterator.
    static let phrases = [
        "京东发布新品", "国务院常务会议召开", "中国人民银行下调存款准备金率", "国家统计局发布最新数据", "全国秋粮收获进度过半",
        "上海证券交易所", "深圳市场监管局", "新能源汽车销量同比增长", "人工智能产业发展大会在京举行", "农业农村部部署秋冬种工作",
        "教育部印发通知", "外交部发言人答记者问", "北京冬奥会圆满落幕", "长江经济带高质量发展", "粤港澳大湾区建设",
        "香港特区政府宣布", "台风登陆浙江沿海", "国家卫生健康委员会", "全国人大常委会审议", "阿里巴巴集团公布季度业绩",
        "腾讯控股有限公司", "华为发布新一代手机", "比亚迪股份有限公司", "中国石油天然气集团", "海关总署公布进出口数据",
        "居民消费价格指数上涨", "房地产市场平稳运行", "铁路部门加开列车", "春运期间客流量创新高", "实施乡村振兴战略",
        "科技创新驱动发展", "生态环境保护督察", "北京时间今天凌晨", "记者从市政府获悉", "据新华社报道", "国际货币基金组织预测",
        "联合国安理会通过决议", "欧洲央行宣布加息", "日本首相出访东南亚", "世界杯足球赛开幕", "中国女排夺冠", "高考成绩公布",
        "大学毕业生就业形势", "养老保险制度改革", "国家医疗保障局", "中小企业融资难题", "数字经济蓬勃发展", "直播带货成为新潮流",
        "拼多多助力农产品出村进城", "江苏省农业农村厅", "丰收节庆祝活动", "气象台发布暴雨预警", "中国地震台网测定",
        "航天员出舱活动", "神舟飞船发射成功", "高速公路通行费", "深化国有企业改革", "前三季度GDP增长3.5%", "5G基站总数",
        "2022年9月24日电", "记者王立新", "一季度",
    ]
    /// Joins between phrases: none, a comma, a full stop.
    static let joins = ["", "，", "。", "、"]

    /// `count` texts of 4 to 40 characters made of the phrases, reproducible from `seed`.
    static func texts(seed: UInt64, count: Int, traditional: Bool) -> [String] {
        var random = SplitMix64(seed: seed)
        let source = traditional ? phrases.map(Fixture.traditional) : phrases
        var result: [String] = []
        while result.count < count {
            let length = 4 + random.below(37)
            var scalars: [Unicode.Scalar] = []
            while scalars.count < length {
                if !scalars.isEmpty { scalars += joins[random.below(joins.count)].unicodeScalars }
                scalars += source[random.below(source.count)].unicodeScalars
            }
            var text = String(String.UnicodeScalarView(scalars.prefix(length)))
            while let last = text.unicodeScalars.last, "，。、".unicodeScalars.contains(last) { text.unicodeScalars.removeLast() }
            if text.unicodeScalars.count >= 4 { result.append(text) }
        }
        return result
    }

    /// The decoded text of `bytes` and its charset, or nil for a binary verdict.
    static func decode(_ bytes: [UInt8]) -> (text: String, encoding: String, bad: Int)? {
        let outcome = bytes.withUnsafeBufferPointer { CharsetDecoding.decode($0) }
        guard case .text(let text, let encoding, let bad, _) = outcome else { return nil }
        return (text, encoding, bad)
    }

    /// Counts the texts that decode to themselves from `charset`, and lists the first few that do not.
    static func roundTrips(_ texts: [String], charset: String) -> (right: Int, total: Int, wrong: [String]) {
        var right = 0
        var wrong: [String] = []
        for text in texts {
            let bytes = Fixture.encode(text, charset)
            if let decoded = decode(bytes), decoded.text == text {
                right += 1
            } else if wrong.count < 5 {
                wrong.append("\(text) -> \(decode(bytes).map { "\($0.text) [\($0.encoding)]" } ?? "binary")")
            }
        }
        return (right, texts.count, wrong)
    }

    /// Texts Big5 can hold exactly (a few Traditional forms are missing from it).
    static func big5Texts(seed: UInt64, count: Int) -> [String] {
        texts(seed: seed, count: count * 2, traditional: true)
            .filter { Fixture.decode(Fixture.encode($0, "Big5"), "Big5") == $0 }
            .prefix(count).map { $0 }
    }

    @Test func shortUTF8Texts() {
        let texts = Self.texts(seed: 1, count: 300, traditional: false) + Self.texts(seed: 2, count: 100, traditional: true)
        let result = Self.roundTrips(texts, charset: "UTF-8")
        print("UTF-8: \(result.right) of \(result.total) right")
        #expect(result.right == result.total, "\(result.wrong)")
    }

    @Test func shortGB18030SimplifiedTexts() {
        let result = Self.roundTrips(Self.texts(seed: 3, count: 400, traditional: false), charset: "GB18030")
        print("GB18030 Simplified: \(result.right) of \(result.total) right")
        #expect(result.right == result.total, "\(result.wrong)")
    }

    @Test func shortGB18030TraditionalTexts() {
        let result = Self.roundTrips(Self.texts(seed: 4, count: 200, traditional: true), charset: "GB18030")
        print("GB18030 Traditional: \(result.right) of \(result.total) right")
        #expect(result.right == result.total, "\(result.wrong)")
    }

    @Test func shortBig5Texts() {
        let texts = Self.big5Texts(seed: 5, count: 300)
        #expect(texts.count >= 200)
        let result = Self.roundTrips(texts, charset: "Big5")
        print("Big5: \(result.right) of \(result.total) right")
        #expect(result.right == result.total, "\(result.wrong)")
    }

    /// Windows of 4 to 40 characters cut at random from the sample corpus: text the phrase list never saw.
    static func corpusWindows(seed: UInt64, count: Int) throws -> [String] {
        var random = SplitMix64(seed: seed)
        let lines = try ["000", "001", "002", "003", "004"].flatMap { sample in
            try String(contentsOf: try Fixture.sample(sample), encoding: .utf8).split(separator: "\n")
                .map { Array($0.unicodeScalars.filter { !TextCleaning.isSpace($0.value) && $0.value >= 0x80 }) }
                .filter { $0.count >= 40 }
        }
        guard !lines.isEmpty else { return [] }
        return (0..<count).map { _ in
            let line = lines[random.below(lines.count)]
            let length = 4 + random.below(37)
            let start = random.below(line.count - length + 1)
            return String(String.UnicodeScalarView(line[start..<(start + length)]))
        }
    }

    @Test func windowsOfTheSampleCorpus() throws {
        let simplified = try Self.corpusWindows(seed: 6, count: 400)
        let traditional = simplified.map(Fixture.traditional)
        let big5 = traditional.filter { Fixture.decode(Fixture.encode($0, "Big5"), "Big5") == $0 }
        #expect(simplified.count == 400 && big5.count >= 200)
        for (texts, charset, name) in [(simplified, "GB18030", "Simplified GB18030"), (traditional, "GB18030", "Traditional GB18030"),
                                       (big5, "Big5", "Big5"), (simplified, "UTF-8", "UTF-8")] {
            let result = Self.roundTrips(texts, charset: charset)
            print("sample corpus windows, \(name): \(result.right) of \(result.total) right")
            #expect(result.right == result.total, "\(name): \(result.wrong)")
        }
    }

    @Test func theIssueExamples() throws {
        let headline = "京东发布新品"
        let article = try #require(CorpusReader().readData(Data(Fixture.encode(headline, "GB18030")), path: "x.txt").articles.first)
        #expect(article.text == headline)
        let news = "新闻\n北京时间今天凌晨，神舟飞船发射成功，航天员出舱活动顺利完成。记者王立新报道。"
        let encoded = Fixture.encode(news, "GB18030")
        let result = CorpusReader().readData(Data(encoded), path: "x.txt")
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(result.articles.first?.title == "新闻")
        #expect(result.articles.first?.text == "北京时间今天凌晨，神舟飞船发射成功，航天员出舱活动顺利完成。记者王立新报道。")
    }

    /// Paragraphs of phrases, `lines` lines long, for the longer-file tests.
    static func article(seed: UInt64, lines: Int) -> String {
        var random = SplitMix64(seed: seed)
        return (0..<lines).map { _ in
            (0..<(3 + random.below(5))).map { _ in phrases[random.below(phrases.count)] }.joined(separator: "，") + "。"
        }.joined(separator: "\n")
    }

    @Test func damagedUTF8StaysUTF8WithAWarning() {
        var right = 0
        var warned = 0
        var random = SplitMix64(seed: 42)
        let tries = 60
        var wrong: [String] = []
        for attempt in 0..<tries {
            let text = Self.article(seed: UInt64(100 + attempt), lines: 1 + random.below(12))
            var bytes = Array(text.utf8)
            let percent = 1 + random.below(5)
            let damaged = max(1, bytes.count * percent / 100)
            var positions = Set<Int>()
            while positions.count < damaged { positions.insert(random.below(bytes.count)) }
            for position in positions {
                var value = UInt8(truncatingIfNeeded: 1 + random.below(255))
                if value == bytes[position] { value ^= 0x40 }
                if value == 0 { value = 0xFF }
                bytes[position] = value
            }
            let outcome = bytes.withUnsafeBufferPointer { CharsetDecoding.decode($0) }
            guard case .text(let decoded, let encoding, let bad, let first) = outcome else {
                wrong.append("attempt \(attempt): binary")
                continue
            }
            // Most of the text survives: the phrases that no damage touched read as they were written.
            let intact = Self.phrases.filter { decoded.contains($0) }.count
            if encoding == "UTF-8", intact >= 1 {
                right += 1
                let firstBad = Self.firstInvalidUTF8(bytes)
                // The warning names the first bad byte (damage that happened to leave valid UTF-8 gives none).
                let reader = CorpusReader().readData(Data(bytes), path: "x.txt").warnings.filter { $0.message.contains("UTF-8") }
                let endToEnd = firstBad == nil ? reader.isEmpty : reader.count == 1 && reader.first?.byteOffset == firstBad
                if endToEnd, firstBad == nil ? bad == 0 : bad > 0 && first == firstBad {
                    warned += 1
                } else {
                    wrong.append("attempt \(attempt): \(bad) bad from \(String(describing: first)), not \(String(describing: firstBad))")
                }
            } else {
                wrong.append("attempt \(attempt): \(encoding) \(decoded.prefix(12))")
            }
        }
        print("damaged UTF-8: \(right) of \(tries) stay UTF-8, \(warned) with the right warning")
        #expect(right == tries, "\(wrong.prefix(5))")
        #expect(warned == right, "\(wrong.prefix(5))")
    }

    /// The offset of the first byte that does not start or continue a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            var length = 1
            let lead = bytes[index]
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count,
                  String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil else { return index }
            index += length
        }
        return nil
    }

    @Test(arguments: ["UTF-16LE", "UTF-16BE"])
    func utf16WithoutBOM(charset: String) throws {
        let ascii = "Xinhua News Agency reported on Monday that 京东 released new products in Beijing."
        let cjk = "北京时间今天凌晨，神舟飞船发射成功。航天员出舱活动顺利完成。"
        let short = "一季度"
        for text in [ascii, cjk, short, "京东发布新品"] {
            let decoded = Self.decode(Fixture.encode(text, charset))
            #expect(decoded?.text == text, "\(charset): \(text) -> \(decoded.map { "\($0.text) [\($0.encoding)]" } ?? "binary")")
        }
        // Generated headlines, Simplified and Traditional: no NUL and no control byte in many of them.
        let generated = Self.texts(seed: 7, count: 200, traditional: false) + Self.texts(seed: 8, count: 100, traditional: true)
        let result = Self.roundTrips(generated, charset: charset)
        print("\(charset) without BOM: \(result.right) of \(result.total) right")
        #expect(result.right == result.total, "\(result.wrong)")
        let bom: [UInt8] = charset == "UTF-16LE" ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for text in [ascii, cjk, short] {
            let result = CorpusReader().readData(Data(bom + Fixture.encode(text, charset)), path: "x.txt")
            #expect(result.articles.first?.text == text)
            #expect(result.warnings.isEmpty)
        }
    }
}
