import CICU
import Testing
@testable import ChineseText

/// Traditional→Simplified folding leaves standard Simplified characters alone (著, 乾, 俱) and still folds
/// characters that exist only as Traditional forms (鄉, 興).
@Suite struct UnambiguousFoldingTests {
    let normalizer = Normalizer()

    @Test func simplifiedTextStaysAsWritten() {
        for word in ["著名", "显著", "乾隆", "干部", "乾坤", "狼藉", "名著", "着陆", "干净", "后来", "里面", "头发",
                     "俱乐部", "姊妹", "摔跤", "于是", "征收"] {
            #expect(normalizer.normalizedString(word) == word, "\(word)")
        }
    }

    @Test func traditionalOnlyFormsStillFold() {
        #expect(normalizer.normalizedString("鄉村振興") == "乡村振兴")
        #expect(normalizer.normalizedString("後來發展") == "后来发展")
        #expect(normalizer.normalizedString("頭髮") == "头发")
        #expect(normalizer.normalizedString("國內銀行") == "国内银行")
        #expect(normalizer.normalizedString("特徵") == "特征")
        #expect(normalizer.normalizedString("關於") == "关于")
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
        let kept = NormalizationTable.keptAsSimplified(rules: rules, changes: changes, simplifiedStandard: [], reverse: { [$0] })
        // 著: in an identity rule; 苧, 苎: each the other's output. 鄉 and 銀 only occur in rules that
        // change the phrase; rule syntax (escapes, contexts) is never read as a phrase.
        #expect(kept == [0x8457, 0x82E7, 0x82CE])
    }

    @Test func standardCharactersThatICUMergesAsVariantsAreKept() {
        // 俱 → 具 and 後 → 后 are both GB 2312 characters; the reverse gives 後 back from 后 (a Traditional
        // form: it folds) but not 俱 from 具 (a variant merge: 俱 stays). 鄉 is not in GB 2312.
        let changes: [UInt32: [UInt32]] = [0x4FF1: [0x5177], 0x5F8C: [0x540E], 0x9109: [0x4E61]]
        let reverse: [UInt32: [UInt32]] = [0x540E: [0x5F8C], 0x4E61: [0x9109]]
        let kept = NormalizationTable.keptAsSimplified(
            rules: "", changes: changes, simplifiedStandard: [0x4FF1, 0x5F8C], reverse: { reverse[$0] ?? [$0] })
        #expect(kept == [0x4FF1])
    }

    @Test func gb2312HanIsReadFromICU() {
        let han = NormalizationTable.gb2312Han()
        // GB 2312 has 6,763 hanzi; 俱, 著, 乾 are among them, Traditional-only 鄉, 興 are not.
        #expect(han.count == 6763)
        #expect(han.isSuperset(of: [0x4FF1, 0x8457, 0x4E7E]))
        #expect(han.isDisjoint(with: [0x9109, 0x8208]))
        #expect(han.allSatisfy(ReferenceNormalizer.isGB2312Han))
    }

    @Test func keptSetFromInstalledICUIsSmallAndRight() throws {
        try #require(NormalizationTable.traditionalToSimplifiedAvailable, "ICU's Traditional-Simplified is not installed")
        let kept = ReferenceNormalizer.kept
        for character in ["著", "乾", "藉", "俱", "姊", "跤"] {
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
