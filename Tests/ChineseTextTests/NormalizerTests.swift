import CICU
import Foundation
import Testing
@testable import ChineseText

/// An independent reference: ICU NFKC over the whole string, then ICU Traditional-Simplified and
/// ICU lower case applied to each scalar on its own (single-scalar ICU calls, no table), except for
/// the scalars that are standard Simplified characters themselves (`kept`), which stay as they are.
final class ReferenceNormalizer {
    private let transliterator: UnsafeMutableRawPointer?

    /// The scalars kept as they are, derived from single-scalar ICU calls over every Han range, ICU's
    /// rules, and GB 2312 membership tested by encoding (computed once: about 130,000 calls).
    static let kept: Set<UInt32> = {
        let reference = ReferenceNormalizer(kept: [])
        guard let transliterator = reference.transliterator else { return [] }
        var changes: [UInt32: [UInt32]] = [:]
        for range in NormalizationTable.hanRanges {
            for value in range {
                let output = reference.t2s(value)
                if output != [value] { changes[value] = output }
            }
        }
        let standard = Set(changes.keys.filter(ReferenceNormalizer.isGB2312Han))
        let reverse = ReferenceNormalizer(identifier: "Simplified-Traditional", kept: [])
        return NormalizationTable.keptAsSimplified(
            rules: NormalizationTable.rules(of: transliterator), changes: changes, simplifiedStandard: standard,
            reverse: { reverse.t2s($0) })
    }()

    /// True when ICU's GB2312 converter encodes the scalar as a hanzi (rows 16–87: lead byte 0xB0–0xF7).
    static func isGB2312Han(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return false }
        let units = Array(String(Character(scalar)).utf16)
        var bytes = [UInt8](repeating: 0, count: 16)
        var status: Int32 = 0
        let length = cicu_encode("GB2312", units, Int32(units.count), &bytes, Int32(bytes.count), &status)
        return status <= 0 && length == 2 && (0xB0...0xF7).contains(bytes[0]) && (0xA1...0xFE).contains(bytes[1])
    }

    private let kept: Set<UInt32>

    init(identifier: String = "Traditional-Simplified", kept: Set<UInt32> = ReferenceNormalizer.kept) {
        var status: Int32 = 0
        transliterator = cicu_translit_open(identifier, &status)
        self.kept = kept
    }

    deinit { cicu_translit_close(transliterator) }

    func nfkc(_ text: String) -> [UInt32] {
        let source = Array(text.utf16)
        var target = [UInt16](repeating: 0, count: source.count * 18 + 16)
        var status: Int32 = 0
        let length = cicu_nfkc(source, Int32(source.count), &target, Int32(target.count), &status)
        return String(decoding: target[0..<Int(length)], as: UTF16.self).unicodeScalars.map(\.value)
    }

    func t2s(_ value: UInt32) -> [UInt32] {
        guard !kept.contains(value), let transliterator, let scalar = Unicode.Scalar(value) else { return [value] }
        var units = Array(String(Character(scalar)).utf16) + [UInt16](repeating: 0, count: 16)
        var status: Int32 = 0
        let length = cicu_translit_apply(transliterator, &units, Int32(String(Character(scalar)).utf16.count), Int32(units.count), &status)
        return String(decoding: units[0..<Int(length)], as: UTF16.self).unicodeScalars.map(\.value)
    }

    func normalize(_ text: String) -> String {
        var view = String.UnicodeScalarView()
        for value in nfkc(text) {
            for simplified in t2s(value) {
                if let scalar = Unicode.Scalar(cicu_tolower(simplified)) { view.append(scalar) }
            }
        }
        return String(view)
    }
}

/// Random strings that mix everything the normaliser must handle.
enum RandomText {
    static let pieces: [String] = [
        // Traditional and Simplified Chinese, including 著 (a phrase rule in ICU's T2S)
        "鄉", "村", "振", "興", "後", "來", "發", "展", "頭", "髮", "著", "作", "乡", "兴", "京", "东", "國", "语",
        // full-width forms and punctuation
        "Ａ", "Ｚ", "ｂ", "０", "６", "．", "，", "（", "）", "　", "！", "％",
        // Latin, digits, space
        "A", "B", "z", "I", "İ", "ß", "Σ", "0", "7", ".", ",", " ", "\n",
        // emoji (non-BMP, modifiers, ZWJ, variation selector)
        "😀", "👍🏽", "👩‍💻", "❤️",
        // combining marks and sequences
        "\u{0301}", "\u{0308}", "\u{0323}", "e", "o", "\u{0345}", "\u{0F73}",
        // Hangul jamo (compose), compatibility jamo, syllables
        "\u{1100}", "\u{1161}", "\u{11A8}", "ㄱ", "ㅏ", "가",
        // Indic composing starters
        "\u{0B47}", "\u{0B3E}", "\u{0DD9}", "\u{0DCF}",
        // compatibility characters that expand or change
        "㍱", "①", "½", "ﬁ", "ﷺ", "㈱", "Ⅻ", "ｶ", "ﾞ", "ﾟ", "\u{309B}", "\u{3099}",
        // CJK extension B, compatibility ideographs
        "𠀀", "\u{2F800}", "\u{F900}", "\u{FA0E}",
    ]

    static func make(_ random: inout TestSupport.Random, length: Int) -> String {
        var text = ""
        for _ in 0..<length {
            text += pieces[Int(random.next() % UInt64(pieces.count))]
        }
        return text
    }
}

@Suite struct NormalizerTests {
    let normalizer = Normalizer()

    @Test func foldsTraditionalFullWidthAndCase() {
        #expect(normalizer.normalizedString("鄉村振興") == "乡村振兴")
        #expect(normalizer.normalizedString("６．６７億元") == "6.67亿元")
        #expect(normalizer.normalizedString("ＡＢＣ") == "abc")
        #expect(normalizer.normalizedString("ＰＤ1728_Ａ_1") == "pd1728_a_1")
        #expect(normalizer.normalizedString("Hello　World") == "hello world")
        #expect(normalizer.normalize("").text.isEmpty)
    }

    @Test func traditionalToSimplifiedIsPerCharacter() {
        // ICU keeps 著作 as a phrase, but maps 著 alone to 着; per-character folding keeps the query
        // 著 and the 著 inside 著作 identical, which substring search relies on. 著 is a standard
        // Simplified character itself, so both stay as written.
        let phrase = normalizer.normalizedString("著作")
        let single = normalizer.normalizedString("著")
        #expect(phrase.hasPrefix(single))
        #expect(single == "著")
        #expect(ReferenceNormalizer(kept: []).t2s(0x8457) == [0x7740], "ICU alone folds 著 to 着")
        // A Traditional-only character still folds on its own and inside a phrase.
        #expect(normalizer.normalizedString("興") == "兴")
        #expect(normalizer.normalizedString("振興").hasSuffix(normalizer.normalizedString("興")))
    }

    @Test func offsetsMapOneToOneForSimpleText() {
        let normalized = normalizer.normalize("６．６７億元")
        #expect(normalized.text == "6.67亿元")
        for i in 0..<normalized.count {
            #expect(normalized.originalRange(i..<(i + 1)) == i..<(i + 1))
        }
        #expect(normalized.originalRange(0..<6) == 0..<6)
        #expect(normalized.originalOffset(6) == 6)
        #expect(normalized.originalRange(2..<2) == 2..<2)
        #expect(normalized.originalRange(-5..<100) == 0..<6)
    }

    @Test func expansionsMapToTheirSourceScalar() {
        let normalized = normalizer.normalize("a㍱b")
        #expect(normalized.text == "ahpab")
        #expect(normalized.originalRange(1..<4) == 1..<2)
        #expect(normalized.originalRange(2..<3) == 1..<2)
        #expect(normalized.originalRange(4..<5) == 2..<3)
        #expect(normalized.originalOffset(4) == 2)
        #expect(normalized.normalizedRange(forOriginal: 1..<2) == 1..<4)
        #expect(normalized.normalizedRange(forOriginal: 2..<3) == 4..<5)
    }

    @Test func combiningSequencesComposeAndMapToTheWholeSequence() {
        let accented = normalizer.normalize("xe\u{0301}y")
        #expect(accented.text == "x\u{E9}y")
        #expect(accented.count == 3)
        #expect(accented.originalRange(1..<2) == 1..<3)
        #expect(accented.originalRange(2..<3) == 3..<4)
        let hangul = normalizer.normalize("\u{1100}\u{1161}\u{11A8}")
        #expect(hangul.text == "\u{AC01}")
        #expect(hangul.originalRange(0..<1) == 0..<3)
        let halfWidthKana = normalizer.normalize("ｶﾞ")
        #expect(halfWidthKana.text == "ガ")
        #expect(halfWidthKana.originalRange(0..<1) == 0..<2)
    }

    @Test func nonBMPScalarsAreHandled() {
        let normalized = normalizer.normalize("😀\u{2F800}𠀀Ａ")
        #expect(normalized.scalars.first?.value == 0x1F600)
        #expect(normalized.scalars[1].value == 0x4E3D)
        #expect(normalized.scalars[2].value == 0x20000)
        #expect(normalized.text.hasSuffix("a"))
        #expect(normalized.originalRange(3..<4) == 3..<4)
    }

    @Test func matchesTheICUReferenceOnRandomText() {
        let reference = ReferenceNormalizer()
        var random = TestSupport.Random(seed: 7)
        for _ in 0..<400 {
            let text = RandomText.make(&random, length: Int(random.next() % 24))
            #expect(normalizer.normalizedString(text) == reference.normalize(text), "input: \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func normalisingTwiceChangesNothing() {
        // Dictionary words and queries are normalised on their own; folding must be idempotent so
        // that folded text, folded again, still matches.
        var random = TestSupport.Random(seed: 33)
        for _ in 0..<300 {
            let once = normalizer.normalizedString(RandomText.make(&random, length: Int(random.next() % 30)))
            #expect(normalizer.normalizedString(once) == once, "\(once.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func everyTableOutputIsAFixedPoint() {
        var failures: [String] = []
        for value in UInt32(0)..<NormalizationTable.limit {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for out in normalizer.normalizedScalars(of: scalar) where normalizer.normalizedScalars(of: out) != [out] {
                failures.append("U+\(String(value, radix: 16))→U+\(String(out.value, radix: 16))")
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(40))")
    }

    @Test func leanScalarPathAgreesWithTheMappedPath() {
        var random = TestSupport.Random(seed: 21)
        for _ in 0..<200 {
            let text = RandomText.make(&random, length: Int(random.next() % 30))
            let mapped = normalizer.normalize(text)
            #expect(normalizer.normalizedScalarValues(text) == mapped.scalars.map(\.value))
            #expect(normalizer.normalizedString(text) == mapped.text)
        }
    }

    @Test func everyNormalisedSpanMapsBackToTheSpanThatProducedIt() {
        var random = TestSupport.Random(seed: 11)
        for _ in 0..<300 {
            let text = RandomText.make(&random, length: 1 + Int(random.next() % 20))
            let original = Array(text.unicodeScalars)
            let normalized = normalizer.normalize(text)
            let n = normalized.count
            #expect(normalized.originalCount == original.count)
            guard n > 0 else { continue }
            // The units tile the original: first starts at 0, last ends at the end, no gaps.
            #expect(normalized.originalRange(0..<1).lowerBound == 0)
            #expect(normalized.originalRange((n - 1)..<n).upperBound == original.count)
            // Unit boundaries: normalised offsets where a new original span starts.
            var boundaries = [0]
            for i in 1..<n {
                let previous = normalized.originalRange((i - 1)..<i)
                let current = normalized.originalRange(i..<(i + 1))
                #expect(current.lowerBound == previous.lowerBound || current.lowerBound == previous.upperBound)
                if current.lowerBound != previous.lowerBound { boundaries.append(i) }
            }
            boundaries.append(n)
            for _ in 0..<8 {
                let a = Int(random.next() % UInt64(n)), b = a + 1 + Int(random.next() % UInt64(n - a))
                let span = Array(normalized.scalars[a..<b])
                let back = normalized.originalRange(a..<b)
                let refolded = Array(normalizer.normalize(TestSupport.slice(text, back)).scalars)
                if boundaries.contains(a) && boundaries.contains(b) {
                    // Aligned spans: normalising original[range] gives exactly normalised[span].
                    #expect(refolded == span, "text \(text) span \(a)..<\(b) back \(back)")
                } else {
                    // Spans cutting an expansion (㍱ → hpa) lie inside what their source folds to.
                    let found = (0...max(0, refolded.count - span.count)).contains { offset in
                        offset + span.count <= refolded.count && Array(refolded[offset..<(offset + span.count)]) == span
                    }
                    #expect(found, "text \(text) span \(a)..<\(b) back \(back)")
                }
                // And the inverse map covers the span.
                let forward = normalized.normalizedRange(forOriginal: back)
                #expect(forward.lowerBound <= a && forward.upperBound >= b)
            }
        }
    }

    @Test func singleScalarTableAgreesWithICUOnCJKRanges() {
        let reference = ReferenceNormalizer()
        let normalizer = Normalizer()
        var checked = 0
        var exceptions: [UInt32] = []
        var mismatches: [String] = []
        for value in Array(UInt32(0x2E80)..<0xA000) + Array(0xF900..<0xFB00) + Array(0x2F800..<0x2FA20) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = reference.normalize(String(Character(scalar))).unicodeScalars.map(\.value)
            let actual = normalizer.normalizedScalars(of: scalar).map(\.value)
            let expectedAgain = expected == [value] ? expected : expected.flatMap { value in
                Unicode.Scalar(value).map { reference.normalize(String(Character($0))).unicodeScalars.map(\.value) } ?? [value]
            }
            if expectedAgain == expected {
                if actual != expected { mismatches.append("U+\(String(value, radix: 16))") }
            } else {
                // ICU's mapping alone is not idempotent for 苎↔苧, 薴→苧; keeping 苎 and 苧 (both standard
                // Simplified) removes the chain, so any such scalar is an error the table must still absorb.
                exceptions.append(value)
                #expect(actual.count == 1 && normalizer.normalizedScalars(of: Unicode.Scalar(actual[0]) ?? "?").map(\.value) == actual)
            }
            checked += 1
        }
        #expect(mismatches.isEmpty, "table differs from ICU for \(mismatches.prefix(20))")
        #expect(checked > 29000)
        #expect(exceptions.isEmpty, "\(exceptions)")
        // ICU's cycle 苎↔苧 is gone: both are Simplified characters and stay; 薴 folds to its Simplified 苧.
        #expect(normalizer.normalizedString("苎") == "苎")
        #expect(normalizer.normalizedString("苧") == "苧")
        #expect(normalizer.normalizedString("薴") == "苧")
    }

    @Test func scalarsAboveTheTableLimitNeedNoMapping() {
        // The table covers planes 0–3; everything above must be NFKC-inert and case-less.
        var value: UInt32 = NormalizationTable.limit
        while value <= 0x10FFFF {
            if let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .unassigned,
               scalar.properties.generalCategory != .privateUse {
                #expect(cicu_nfkc_is_inert(value) != 0 || value >= 0xE0000, "U+\(String(value, radix: 16)) is not inert")
                #expect(cicu_tolower(value) == value)
            }
            value += 1
        }
    }

    @Test func everyComposingStarterIsFlagged() {
        // A starter that ends a canonical decomposition composes with what precedes it, so the
        // normaliser must see it together with its predecessor.
        var missing: [String] = []
        for value in UInt32(0xC0)..<0x20000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let decomposed = Array(String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars)
            guard decomposed.count >= 2, let last = decomposed.last,
                  last.properties.canonicalCombiningClass.rawValue == 0,
                  !scalar.properties.isFullCompositionExclusion else { continue }
            if !NormalizationTable.combinesBackward(last.value) { missing.append(String(last.value, radix: 16)) }
        }
        #expect(missing.isEmpty, "composing starters not flagged: \(Set(missing).sorted())")
    }

    @Test func oneToOneFoldEqualsTheNormaliserOrDeclines() {
        let fold = ScalarFold()
        let normalizer = Normalizer()
        // Chinese news with full-width letters and Traditional characters maps one to one.
        for text in ["開頭一些文字。全面推進鄉村振興戰略，ＡＢＣ公司參與", "下跌6.67%，华为公司表示", ""] {
            let values = fold.normalizedOneToOne(Array(text.unicodeScalars))
            #expect(values == normalizer.normalizedScalarValues(text), "\(text)")
        }
        // An expansion (½ → 1⁄2) or a composing pair (e + ◌́) is declined: offsets would move.
        #expect(fold.normalizedOneToOne(Array("半½斤".unicodeScalars)) == nil)
        #expect(fold.normalizedOneToOne(Array("cafe\u{301}".unicodeScalars)) == nil)
    }
}
