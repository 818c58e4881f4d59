import Foundation
import Testing
@testable import ChineseText
import JiansuoTestSupport

/// The Han table (`HanDictionaryBreak`) must give exactly ICU's word break: the same pieces, kinds
/// and tokens, on random mixes of every class of character and on real news.
@Suite struct HanDictionaryBreakTests {
    let table: HanDictionaryBreak?
    let withTable: Segmenter?
    let icuOnly: Segmenter

    init() throws {
        table = HanDictionaryBreak.system
        icuOnly = try Segmenter(dictionary: TestSupport.words)
        withTable = try table.map { try Segmenter(dictionary: TestSupport.words, hanBreaks: $0) }
    }

    /// The normalised scalar values of `text`, as the index feeds them to the segmenter.
    func values(_ text: String) -> [UInt32] { Normalizer().normalizedScalarValues(text) }

    /// Asserts that both ways give the same pieces and the same tokens for `text`.
    func expectSame(_ text: String, _ note: Comment? = nil) throws {
        let segmenter = try #require(withTable)
        let v = values(text)
        let fast = segmenter.icuPieces(v, split: true)
        let icu = segmenter.icuPieces(v, split: false)
        #expect(fast.map { [$0.start, $0.end, Int($0.kind)] } == icu.map { [$0.start, $0.end, Int($0.kind)] },
                "pieces of \(text.debugDescription)")
        let a = segmenter.segment(text).map { "\($0.start)-\($0.end)-\($0.kind)" }
        let b = icuOnly.segment(text).map { "\($0.start)-\($0.end)-\($0.kind)" }
        #expect(a == b, "tokens of \(text.debugDescription)")
    }

    @Test func tableLoadsFromTheSystemICU() throws {
        guard let table else {
            print("skipped: this ICU has no cjdict data in the expected format; the segmenter uses ICU alone")
            return
        }
        #expect(table.wordCount > 100_000)
    }

    @Test func plainChineseTakesTheTablePath() throws {
        let table = try #require(table)
        let v = "国务院总理李强主持召开国务院常务会议，研究推进乡村振兴。".unicodeScalars.map { $0 }
        #expect(v.withUnsafeBufferPointer { table.canSplit($0) })
        // Things the rules join across a run's edge, or other dictionary scripts, go to ICU whole.
        for text in ["中文カタカナ", "中文\u{0301}", "中\u{200D}文", "中_文", "中文😀", "中文ไทย", "々中文", "〇一"] {
            let scalars = text.unicodeScalars.map { $0 }
            #expect(!scalars.withUnsafeBufferPointer { table.canSplit($0) }, "\(text)")
        }
    }

    @Test func examplesMatchICU() throws {
        guard table != nil else { return }
        let texts = [
            "国务院总理李强主持召开国务院常务会议", "北京东城区", "京东集团发布2023年财报，营收增长3.5%。",
            "iPhone15手机", "B超检查", "c#和c++", "“乡村振兴”战略", "第十四届全国人民代表大会第二次会议",
            "中华人民共和国成立75周年", "王广华为民族团结作出贡献", "长江三峡水利枢纽工程", "上海医药企业",
            "6.67%的增长", "2000年12月31日", "一九九八年", "……——", "Hello, 世界! 123abc 中文", "a.b中c'd中",
            "中", "，", "  中 文  ", "中文\n\n英文\tEnglish", "1,234.56亿元", "www.cctv.com新闻", "e-mail地址",
        ]
        for text in texts { try expectSame(text) }
    }

    @Test func randomMixesMatchICU() throws {
        guard table != nil else { return }
        let han = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质".map { $0 })
        let others: [String] = ["，", "。", "、", "“", "”", "《", "》", "（", "）", "…", "—", "·", "：", "；", "！", "？",
                                " ", "\n", "\t", "a", "B", "z", "1", "9", "0", ".", ",", "-", "'", "\"", "%", "@", "#",
                                "/", "+", "$", "¥", "℃", "×", "Ⅱ", "é", "α", "Я", "【", "】", "「", "」", "〇", "○",
                                "々", "あ", "ア", "ー", "\u{0301}", "\u{200D}", "\u{200B}", "_", "😀", "🇨🇳", "ก", "한", "\u{00AD}", "㎡"]
        var random = TestSupport.Random(seed: 0x4A15)
        var split = 0
        let segmenter = try #require(withTable)
        for _ in 0..<3000 {
            var text = ""
            let length = 1 + random.below(40)
            for _ in 0..<length {
                if random.below(100) < 65 {
                    text.append(han[random.below(han.count)])
                } else {
                    text += others[random.below(others.count)]
                }
            }
            try expectSame(text)
            let scalars = values(text).compactMap(Unicode.Scalar.init)
            if let han = segmenter.hanBreaks, scalars.withUnsafeBufferPointer({ han.canSplit($0) }) { split += 1 }
        }
        // Enough of the mixes take the table's path for the comparison to mean something.
        #expect(split > 500, "\(split) of 3000 random texts were split by the table")
    }

    @Test func bundledCorpusMatchesICU() throws {
        guard table != nil else { return }
        let folder = TestSupport.repoRoot.appendingPathComponent("Corpus")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            try expectSame(text, "\(file)")
        }
    }

    @Test func sharedNewsMatchesICU() throws {
        guard table != nil else { return }
        let url = TestSupport.shared.appendingPathComponent("data/corpus/news.jsonl")
        guard let data = try? Data(contentsOf: url) else {
            print("skipped: \(url.path) is absent (the shared data folder is not beside this checkout)")
            return
        }
        var checked = 0
        for line in data.split(separator: UInt8(ascii: "\n")).prefix(400) {
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let text = object["text"] as? String else { continue }
            try expectSame(text)
            checked += 1
        }
        #expect(checked > 300)
    }
}
