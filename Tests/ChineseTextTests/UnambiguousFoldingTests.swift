import CICU
import Testing
@testable import ChineseText

/// Traditional→Simplified folding leaves standard Simplified characters alone (著, 乾) and still folds
/// characters that exist only as Traditional forms (鄉, 興).
@Suite struct UnambiguousFoldingTests {
    let normalizer = Normalizer()

    @Test func simplifiedTextStaysAsWritten() {
        for word in ["著名", "显著", "乾隆", "干部", "乾坤", "狼藉", "名著", "着陆", "干净", "后来", "里面", "头发"] {
            #expect(normalizer.normalizedString(word) == word, "\(word)")
        }
    }

    @Test func traditionalOnlyFormsStillFold() {
        #expect(normalizer.normalizedString("鄉村振興") == "乡村振兴")
        #expect(normalizer.normalizedString("後來發展") == "后来发展")
        #expect(normalizer.normalizedString("頭髮") == "头发")
        #expect(normalizer.normalizedString("國內銀行") == "国内银行")
        #expect(normalizer.normalizedString("特徵") == "特征")
        // Full-width and case folding are untouched.
        #expect(normalizer.normalizedString("ＡＢ著名") == "ab著名")
    }

    @Test func distinctSimplifiedCharactersAreNotMerged() {
        // A search normalises query and text the same way, so these are the searches 着 in 显著 and
        // 干 in 乾隆 at the normaliser level.
        #expect(!normalizer.normalizedString("显著").contains("着"))
        #expect(!normalizer.normalizedString("著名").contains("着"))
        #expect(!normalizer.normalizedString("乾隆").contains("干"))
        #expect(normalizer.normalizedString("着") == "着")
        #expect(normalizer.normalizedString("干") == "干")
        #expect(normalizer.normalizedString("著") != normalizer.normalizedString("着"))
        #expect(normalizer.normalizedString("乾") != normalizer.normalizedString("干"))
    }

    @Test func keptScalarsComeFromProtectiveRulesAndDoubleReadings() {
        let rules = """
        著名 > 著名;
        著作 > 著作;
        鄉愿 > 乡愿;
        銀髮 > 銀发;
        [一二]{余} > 餘;
        \\u4E7E > \\u4E7E;
        薴 > 苧;
        """
        let changes: [UInt32: [UInt32]] = [
            0x8457: [0x7740],  // 著 → 着
            0x9109: [0x4E61],  // 鄉 → 乡
            0x9280: [0x94F6],  // 銀 → 银
            0x9AEE: [0x53D1],  // 髮 → 发
            0x4E7E: [0x5E72],  // 乾 → 干
            0x85B4: [0x82E7],  // 薴 → 苧
            0x82E7: [0x82CE],  // 苧 → 苎
            0x82CE: [0x82E7],  // 苎 → 苧
        ]
        let kept = NormalizationTable.keptAsSimplified(rules: rules, changes: changes)
        // 著: in an identity rule; 苧, 苎: each the other's output. 鄉 and 銀 only occur in rules that
        // change the phrase; rule syntax (escapes, contexts) is never read as a phrase.
        #expect(kept == [0x8457, 0x82E7, 0x82CE])
    }

    @Test func keptSetFromInstalledICUIsSmallAndRight() throws {
        try #require(NormalizationTable.traditionalToSimplifiedAvailable, "ICU's Traditional-Simplified is not installed")
        let kept = ReferenceNormalizer.kept
        for character in ["著", "乾", "藉"] {
            let value = try #require(character.unicodeScalars.first).value
            #expect(kept.contains(value), "\(character) is a standard Simplified character")
            #expect(normalizer.normalizedString(character) == character)
        }
        for character in ["鄉", "興", "後", "發", "髮", "裡", "麵", "內", "銀", "徵", "國", "於"] {
            let value = try #require(character.unicodeScalars.first).value
            #expect(!kept.contains(value), "\(character) exists only as a Traditional form")
            #expect(normalizer.normalizedString(character) != character)
        }
        // ICU changes about 2,900 scalars; only a handful are ambiguous. A parsing error that kept
        // many would silently turn folding off.
        #expect(kept.count >= 3 && kept.count <= 32, "\(kept.count) kept")
    }

    @Test func everyKeptScalarMapsToItselfAndEveryOtherChangeIsICUs() throws {
        try #require(NormalizationTable.traditionalToSimplifiedAvailable, "ICU's Traditional-Simplified is not installed")
        let iculess = ReferenceNormalizer(kept: [])
        for value in ReferenceNormalizer.kept.sorted() {
            let scalar = try #require(Unicode.Scalar(value))
            #expect(normalizer.normalizedScalars(of: scalar) == [scalar])
            #expect(iculess.t2s(value) != [value], "U+\(String(value, radix: 16)) is changed by ICU alone")
        }
    }
}
