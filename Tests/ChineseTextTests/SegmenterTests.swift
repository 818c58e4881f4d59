import Foundation
import Testing
@testable import ChineseText

@Suite struct SegmenterTests {
    let segmenter: Segmenter

    init() throws {
        segmenter = try Segmenter(dictionary: TestSupport.words)
    }

    /// Checks the invariants every segmentation of `text` must hold; returns the tokens.
    @discardableResult
    func checkedTokens(_ text: String, with segmenter: Segmenter? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) -> [Token] {
        let segmenter = segmenter ?? self.segmenter
        let tokens = segmenter.segment(text)
        let scalarCount = text.unicodeScalars.count
        var previousStart = 0
        for token in tokens {
            #expect(token.start >= previousStart && token.start < token.end && token.end <= scalarCount,
                    "bad offsets \(token)", sourceLocation: sourceLocation)
            #expect(TestSupport.slice(text, token.start..<token.end) == token.text,
                    "offsets of \(token) do not point at its text", sourceLocation: sourceLocation)
            let allWhitespace = token.text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
            #expect(!allWhitespace,
                    "whitespace token \(token)", sourceLocation: sourceLocation)
            previousStart = token.start
        }
        return tokens
    }

    @Test func bundledWordListHoldsTheSampleNames() {
        #expect(TestSupport.words.count > 50)
        for word in ["京东", "拼多多", "阿里巴巴", "淘宝", "天猫", "京东方", "宿迁", "如东县", "泗阳县", "山西", "吕梁", "大同",
                     "乡村振兴", "农产品", "助农", "消费帮扶"] {
            #expect(TestSupport.words.contains(word), "\(word) missing from Dictionaries/words.txt")
        }
    }

    @Test func namesFromTheSampleArticlesStayWhole() {
        // Sentences from Corpus/001, 002, 003 and 000.
        let cases: [(String, [String])] = [
            ("京东科技与江苏省宿迁市泗阳县政府、南通市如东县政府合作", ["京东", "宿迁市", "泗阳县", "如东县"]),
            ("7月15日，山西省农业农村厅与拼多多签署战略合作协议", ["拼多多", "山西省"]),
            ("由阿里巴巴集团社会公益部、淘宝网、淘宝直播共同承办", ["阿里巴巴", "淘宝网", "淘宝直播"]),
            ("会上，京东发布乡村振兴最新战略举措，推出扶农助农", ["京东", "乡村振兴", "助农"]),
            ("雁门关外、太行山上、吕梁山脚、黄河岸边，山西农产品迸发出遇上新电商的活力", ["雁门关", "吕梁山", "山西", "农产品", "新电商"]),
        ]
        for (sentence, names) in cases {
            let texts = checkedTokens(sentence).map(\.text)
            for name in names {
                #expect(texts.contains(name), "\(name) missing from \(texts)")
            }
        }
        let texts = checkedTokens("京东科技与江苏省宿迁市泗阳县政府").map(\.text)
        #expect(!texts.contains("京") && !texts.contains("宿") && !texts.contains("迁"))
    }

    @Test func numbersAndLatinRunsStayWhole() {
        let tokens = checkedTokens("拼多多6.67亿元，共1,234.5吨，2021年PD1728_A_1与5G网络，售价￥3.5万")
        func kind(of text: String) -> TokenKind? { tokens.first { $0.text == text }?.kind }
        // A number keeps its unit (6.67亿, 2021年, 3.5万); a bare number stands alone (1,234.5 before 吨).
        #expect(kind(of: "6.67亿") == .number)
        #expect(kind(of: "1,234.5") == .number)
        #expect(kind(of: "2021年") == .number)
        #expect(kind(of: "3.5万") == .number)
        #expect(kind(of: "PD1728_A_1") == .latin)
        #expect(kind(of: "5G") == .latin)
        #expect(kind(of: "拼多多") == .word)
        #expect(kind(of: "，") == .punctuation)
        #expect(tokens.first { $0.text == "5G" }?.normalized == "5g")
    }

    @Test func fullWidthAndTraditionalInputMapBackToTheOriginal() {
        let input = "鄉村振興６．６７億元，ＰＤ１７２８與京東合作"
        let tokens = checkedTokens(input)
        let byText = Dictionary(tokens.map { ($0.text, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byText["鄉村振興"]?.normalized == "乡村振兴")
        #expect(byText["６．６７億"]?.normalized == "6.67亿")
        #expect(byText["６．６７億"]?.kind == .number)
        #expect(byText["６．６７億"]?.start == 4 && byText["６．６７億"]?.end == 9)
        #expect(byText["ＰＤ１７２８"]?.normalized == "pd1728")
        #expect(byText["京東"]?.normalized == "京东")
        #expect(byText["，"]?.kind == .punctuation)
    }

    @Test func whitespaceIsDroppedAndEmptyInputGivesNothing() {
        #expect(segmenter.segment("").isEmpty)
        #expect(segmenter.segment("  \n\t　 ").isEmpty)
        #expect(segmenter.tokenCount("") == 0)
        let tokens = checkedTokens("　　京东 发布\n乡村振兴")
        #expect(tokens.map(\.text) == ["京东", "发布", "乡村振兴"])
        #expect(tokens.first?.start == 2)
    }

    @Test func bestPathPrefersWordsOnICUBoundaries() throws {
        // ICU splits 京东方面 as 京/东/方面: with the full word list 京东 + 方面 beats 京东方 + 面.
        #expect(checkedTokens("京东方面表示").map(\.text) == ["京东", "方面", "表示"])
        let both = try Segmenter(dictionary: WordDictionary(words: ["京东", "京东方"]))
        #expect(checkedTokens("京东方面表示", with: both).map(\.text) == ["京东", "方面", "表示"])
        // ICU splits 京东方科技 as 京/东方/科技: 京东方 ends on a boundary and wins over 京东.
        #expect(checkedTokens("京东方科技集团", with: both).map(\.text).first == "京东方")
        // A dictionary word never splits a number or a Latin run; numbers keep their unit (6.67亿, 2021年).
        let cutting = try Segmenter(dictionary: WordDictionary(words: ["67亿", "g网", "021年", "2021年"]))
        let texts = checkedTokens("6.67亿元5G网2021年", with: cutting).map(\.text)
        #expect(texts == ["6.67亿", "元", "5G", "网", "2021年"])
        // Without words, ICU's own split stands.
        let plain = try Segmenter(dictionary: WordDictionary())
        #expect(checkedTokens("拼多多", with: plain).map(\.text) == ["拼", "多多"])
    }

    @Test func traditionalDictionaryEntriesMatchSimplifiedText() throws {
        let traditional = try Segmenter(dictionary: WordDictionary(words: ["拼多多", "宿遷"]))
        let texts = checkedTokens("宿迁拼多多", with: traditional).map(\.text)
        #expect(texts == ["宿迁", "拼多多"])
        #expect(checkedTokens("宿遷", with: traditional).map(\.text) == ["宿遷"])
    }

    @Test func countingAndNormalisedPathsAgreeWithSegment() throws {
        let normalizer = Normalizer()
        for file in try sampleFiles() {
            let text = try String(contentsOf: file, encoding: .utf8)
            let tokens = checkedTokens(text)
            #expect(segmenter.tokenCount(text) == tokens.filter { $0.kind != .punctuation }.count)
            let normalized = normalizer.normalize(text)
            var spans: [(Range<Int>, TokenKind)] = []
            segmenter.segmentNormalized(normalized) { spans.append(($0, $1)) }
            #expect(spans.count == tokens.count)
            for (span, token) in zip(spans, tokens) {
                #expect(normalized.originalRange(span.0) == token.start..<token.end)
                #expect(span.1 == token.kind)
                var view = String.UnicodeScalarView()
                view.append(contentsOf: normalized.scalars[span.0])
                #expect(String(view) == token.normalized)
            }
        }
    }

    @Test func sampleArticlesSegmentWithNamesWhole() throws {
        var all: [String] = []
        for file in try sampleFiles() {
            all += checkedTokens(try String(contentsOf: file, encoding: .utf8)).map(\.normalized)
        }
        let counts = Dictionary(all.map { ($0, 1) }, uniquingKeysWith: +)
        for name in ["京东", "拼多多", "淘宝", "乡村振兴", "助农", "消费帮扶", "农产品"] {
            #expect((counts[name] ?? 0) > 0, "\(name) never a whole token in the samples")
        }
        // The pieces ICU would leave of these names never appear on their own (拼 does once, quoted:
        // 网友迅速“拼”掉9万斤; 宿 once, in the brand 宿有千香).
        #expect((counts["宿迁"] ?? 0) >= 3)
        #expect(counts["迁"] == nil && counts["东县"] == nil)  // 多多 does occur: “多多大学”
        #expect(counts["拼"] == 1)
    }

    @Test func randomTextKeepsEveryInvariant() throws {
        var random = TestSupport.Random(seed: 99)
        let normalizer = Normalizer()
        for _ in 0..<300 {
            let text = RandomText.make(&random, length: Int(random.next() % 30))
            checkedTokens(text)
            // Normalised spans are ordered, disjoint, and leave only whitespace uncovered.
            let normalized = normalizer.normalize(text)
            var covered = [Bool](repeating: false, count: normalized.count)
            var last = 0
            segmenter.segmentNormalized(normalized) { span, _ in
                #expect(span.lowerBound >= last && span.upperBound > span.lowerBound)
                last = span.upperBound
                for i in span { covered[i] = true }
            }
            for (i, isCovered) in covered.enumerated() where !isCovered {
                #expect(normalized.scalars[i].properties.isWhitespace || normalized.scalars[i].value == 0xFEFF,
                        "U+\(String(normalized.scalars[i].value, radix: 16)) dropped from \(text)")
            }
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(
        atPath: TestSupport.shared.appendingPathComponent("data/corpus/news.jsonl").path)))
    func newsCorpusSampleKeepsOffsetsRight() throws {
        let url = TestSupport.shared.appendingPathComponent("data/corpus/news.jsonl")
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 400_000)
        let lines = head.split(separator: UInt8(ascii: "\n")).dropLast().prefix(100)
        #expect(lines.count > 50)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let text = try #require(object["text"] as? String)
            let tokens = checkedTokens(text)
            #expect(tokens.count > 10)
        }
    }

    func sampleFiles() throws -> [URL] {
        let folder = TestSupport.repoRoot.appendingPathComponent("Corpus")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
        #expect(files.count == 5)
        return files
    }
}

@Suite struct SegmenterFingerprintTests {
    @Test func fingerprintNamesICUAndTheWords() throws {
        let a = try Segmenter(dictionary: WordDictionary(words: ["京东"]))
        let b = try Segmenter(dictionary: WordDictionary(words: ["京東"]))
        let c = try Segmenter(dictionary: WordDictionary(words: ["京东", "拼多多"]))
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.fingerprint != c.fingerprint)
        #expect(a.fingerprint.contains(ICUInfo.version))
    }
}
