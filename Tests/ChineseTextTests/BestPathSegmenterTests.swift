import Foundation
import Testing
@testable import ChineseText

/// The unigram best path over the full word list (jieba's frequencies), with ICU's boundaries as a
/// prior, number + unit joining and gazetteer names that win only where the text supports them.
@Suite struct BestPathSegmenterTests {
    let segmenter: Segmenter

    init() throws {
        segmenter = try Segmenter(dictionary: TestSupport.words)
    }

    func texts(_ text: String, with segmenter: Segmenter? = nil) -> [String] {
        (segmenter ?? self.segmenter).segment(text).map(\.text)
    }

    /// The compound parts the index takes from `text` (normalised), in the order they come.
    func parts(_ text: String, with segmenter: Segmenter) -> [String] {
        let values = Normalizer().normalizedScalarValues(text)
        var out: [String] = []
        segmenter.segmentScalarValues(values, parts: { start, end in
            out.append(String(String.UnicodeScalarView(values[start..<end].compactMap(Unicode.Scalar.init))))
        }) { _, _, _ in }
        return out
    }

    @Test func wordListCarriesFrequencies() {
        #expect(TestSupport.words.count > 300_000)
        // Frequencies from jieba; curated words without a weight still report 1.
        #expect((TestSupport.words.weight(of: "中国") ?? 0) > 10_000)
        #expect(TestSupport.words.weight(of: "拼多多") == 1)
    }

    @Test func transliterationsAndSuffixedWordsStayWhole() {
        #expect(texts("克林顿访问中国") == ["克林顿", "访问", "中国"])
        #expect(texts("实现现代化") == ["实现", "现代化"])
        #expect(texts("调动积极性") == ["调动", "积极性"])
        #expect(texts("计算机") == ["计算机"])
    }

    @Test func numbersKeepTheirUnits() {
        #expect(texts("2000年12月31日") == ["2000年", "12月", "31日"])
        #expect(texts("增长30%，达5亿元") == ["增长", "30%", "，", "达", "5亿", "元"])
        #expect(texts("二〇〇一年新年") == ["二〇〇一年", "新年"])
        #expect(texts("十二月三十一日") == ["十二月", "三十一日"])
        // A unit never joins a word: 1,234.5 stands before 吨.
        #expect(texts("1,234.5吨") == ["1,234.5", "吨"])
        let tokens = segmenter.segment("２０００年")
        #expect(tokens.count == 1 && tokens.first?.kind == .number && tokens.first?.normalized == "2000年")
    }

    @Test func repeatedDashesAndEllipsesAreOneMark() {
        #expect(texts("新世纪——新年").contains("——"))
        let ellipsis = segmenter.segment("等等……")
        #expect(ellipsis.map(\.text) == ["等等", "……"])
        #expect(ellipsis.last?.kind == .punctuation)
    }

    @Test func gazetteerNamesWinOnlyWhereTheTextSupportsThem() throws {
        // The names the old overlay forced across real word boundaries, added as gazetteer names are.
        let names = try Segmenter(dictionary: TestSupport.words.adding(["华为", "王广", "三峡水利", "上海医药", "宿迁"]))
        // Where ICU knows no word it cuts every character; the split earns no bonus per piece, so a
        // listed name stands between clear edges. (Inside a person's name the list lacks, 王广华为民族,
        // it stands too: telling unknown names needs a model of them, which the unigram path lacks.)
        #expect(texts("依托华为、比亚迪", with: names).starts(with: ["依托", "华为", "、"]))
        #expect(!texts("长江三峡水利枢纽", with: names).contains("三峡水利"))
        #expect(texts("上海医药企业", with: names) == ["上海", "医药", "企业"])
        // Where the text supports them (ICU agrees, no likelier split), they stand.
        // A compound the list covers gives its parts to the index (华为公司 → 华为 + 公司); 京东方 does not.
        #expect(parts("华为技术有限公司", with: names) == ["华为技术", "华为", "技术", "有限公司", "有限", "公司"])
        #expect(parts("京东方", with: names).isEmpty && parts("北京东城区", with: names) == [])
        #expect(texts("宿迁拼多多", with: names) == ["宿迁", "拼多多"])
        #expect(texts("京东方科技集团", with: names).first == "京东方")
    }

    @Test func icuWordsStandWhereTheListIsSilent() throws {
        // A short list: ICU's own words stand where the list knows nothing better.
        let short = try Segmenter(dictionary: WordDictionary(words: ["拼多多"]))
        #expect(texts("拼多多表示", with: short) == ["拼多多", "表示"])
        #expect(texts("方面表示", with: try Segmenter(dictionary: WordDictionary())) == ["方面", "表示"])
    }

    @Test func heavierWordsWinTheBestPath() throws {
        // 研究生命 is 研究生/命 or 研究/生命: the frequencies decide.
        let lifeHeavy = try WordDictionary.load(text: "研究\t1000\n生命\t1000\n研究生\t10\n命\t10\n", path: "w")
        let studentHeavy = try WordDictionary.load(text: "研究\t10\n生命\t10\n研究生\t100000\n命\t100000\n", path: "w")
        #expect(texts("研究生命", with: try Segmenter(dictionary: lifeHeavy)) == ["研究", "生命"])
        #expect(texts("研究生命", with: try Segmenter(dictionary: studentHeavy)) == ["研究生", "命"])
    }

    @Test func logProbabilitiesUseTheWeights() {
        let dictionary = (try? WordDictionary.load(text: "甲\t30\n乙\n丙\t0.5\n", path: "w")) ?? WordDictionary()
        let model = dictionary.logProbabilities(defaultFrequency: 3, minimumTotal: 1)
        #expect(model.words.count == 3)
        // Weights 30, none (3) and 0.5 (counted as 1): total 34.
        #expect(abs(model.words[0] - Float(log(30.0 / 34))) < 1e-5)
        #expect(abs(model.words[1] - Float(log(3.0 / 34))) < 1e-5)
        #expect(abs(model.words[2] - Float(log(1.0 / 34))) < 1e-5)
        #expect(abs(model.unknown - Float(log(1.0 / 34))) < 1e-5)
        // A minimum total keeps a short list's words rare.
        #expect(abs(dictionary.logProbabilities(defaultFrequency: 3, minimumTotal: 1e6).words[0]
                    - Float(log(30.0 / 1e6))) < 1e-5)
    }

    @Test func weightsChangeTheSegmenterFingerprintNotTheWordSet() throws {
        let light = try WordDictionary.load(text: "京东\t2\n方面\t5\n", path: "w")
        let heavy = try WordDictionary.load(text: "京东\t2000\n方面\t5\n", path: "w")
        #expect(light.fingerprint == heavy.fingerprint)
        #expect(light.weightedFingerprint != heavy.weightedFingerprint)
        #expect(try Segmenter(dictionary: light).fingerprint != Segmenter(dictionary: heavy).fingerprint)
        #expect(try Segmenter(dictionary: light).fingerprint.contains("unigram-path"))
    }

    @Test func weightsParseFastAndInFull() throws {
        let dictionary = try WordDictionary.load(text: "甲\t 12 \n乙\t2.5\n丙\t1e3\n丁\t\n", path: "w")
        #expect(dictionary.weight(of: "甲") == 12)
        #expect(dictionary.weight(of: "乙") == 2.5)
        #expect(dictionary.weight(of: "丙") == 1000)
        #expect(dictionary.weight(of: "丁") == 1)
        #expect(throws: TextError.self) { try WordDictionary.load(text: "甲\t12x\n", path: "w") }
    }

    @Test func matchesEnumerateEveryWordStartingThere() {
        let dictionary = WordDictionary(words: ["中", "中国", "中国人", "国人", "中国人民银行"])
        let scalars = Array("中国人民".unicodeScalars)
        var lengths: [Int] = []
        scalars.withUnsafeBufferPointer { buffer in
            dictionary.withLookup { lookup in
                lookup.forEachMatch(in: buffer, from: 0, to: buffer.count) { length, _ in lengths.append(length) }
            }
        }
        #expect(lengths == [1, 2, 3])
    }
}
