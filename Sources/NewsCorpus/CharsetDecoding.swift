import CICU
import Foundation

/// What became of a file's bytes: text in some charset, or nothing because the file is binary.
enum DecodeOutcome: Sendable {
    /// The bytes decoded as `encoding`; `badCount` sequences no charset explained became U+FFFD, the first at `firstBadOffset`.
    case text(String, encoding: String, badCount: Int, firstBadOffset: Int?)
    /// The file is not text; `reason` says why and `offset` where the evidence is.
    case binary(reason: String, offset: Int)
}

/// Turns file bytes into a String by detecting the charset: BOM, strict UTF-8, mostly-valid UTF-8, then the strict
/// legacy decodes (GB18030, Big5) chosen between by evidence, and ICU's detector only for what none of them reads.
/// Why not the extension: Chinese news arrives as UTF-8, GB18030 and Big5 under the same names.
/// Why strict decodes first: ICU's statistical detector has no evidence on short inputs (it gives every charset
/// the same confidence below 11 double-byte characters), and UTF-16 "decodes" any even number of bytes.
enum CharsetDecoding {
    /// Largest input handed to ICU in one call (its lengths are Int32).
    static let icuLimit = Int(Int32.max) - 64

    /// How much of a file the charset evidence looks at.
    static let evidenceLimit = 1 << 16

    /// Decodes `bytes`; never fails, never crashes (bad bytes become U+FFFD and are counted).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> DecodeOutcome {
        let count = bytes.count
        if count == 0 { return .text("", encoding: "UTF-8", badCount: 0, firstBadOffset: nil) }
        // Byte order marks say it outright.
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return decodeUTF8(UnsafeBufferPointer(rebasing: bytes[3...]), base: 3)
        }
        if count >= 4, bytes[0] == 0xFF, bytes[1] == 0xFE, bytes[2] == 0, bytes[3] == 0 {
            return decodeICU("UTF-32LE", bytes, from: 4) ?? tooLarge(count)
        }
        if count >= 4, bytes[0] == 0, bytes[1] == 0, bytes[2] == 0xFE, bytes[3] == 0xFF {
            return decodeICU("UTF-32BE", bytes, from: 4) ?? tooLarge(count)
        }
        if count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return decodeICU("UTF-16LE", bytes, from: 2) ?? tooLarge(count)
        }
        if count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return decodeICU("UTF-16BE", bytes, from: 2) ?? tooLarge(count)
        }
        if let magic = binaryMagic(bytes) { return .binary(reason: "a \(magic) file, not text", offset: 0) }
        let nul = firstNUL(bytes)
        // UTF-16 of Latin text without a BOM: NUL high bytes on one side of every pair.
        if nul != nil, let order = UTF16Evidence.asciiOrder(bytes), let outcome = cleanUTF16(order, bytes) {
            return outcome
        }
        // Fast path: strict UTF-8.
        if let text = String(validating: bytes, as: UTF8.self) {
            if let nul {
                return .binary(reason: "binary content (NUL byte), not text", offset: nul)
            }
            if let control = controlEvidence(bytes) {
                return .binary(reason: "binary content (control bytes), not text", offset: control)
            }
            // A few bytes of UTF-16 Chinese can be valid UTF-8 by chance, reading as ASCII with control characters
            // or as private-use characters.
            if hasStrayControl(bytes) || mostlyPrivateUse(text), let order = UTF16Evidence.cjkOrder(bytes),
               let outcome = cleanUTF16(order, bytes) {
                return outcome
            }
            return .text(text, encoding: "UTF-8", badCount: 0, firstBadOffset: nil)
        }
        // Damaged UTF-8: well-formed multi-byte sequences outnumber the broken ones two to one (legacy charsets
        // almost never form a three-byte UTF-8 sequence by chance, so their text fails this by far).
        let scan = scanUTF8(bytes)
        let control = controlEvidence(bytes)
        if nul == nil, control == nil, scan.validLong >= 2, scan.validLong >= 2 * scan.invalid {
            return decodeUTF8(bytes, base: 0)
        }
        // UTF-16 of Chinese text without a BOM: (nearly) every unit a plausible character.
        let utf16 = UTF16Evidence.cjkOrder(bytes)
        if nul != nil || control != nil {
            // No 8-bit charset reads NUL or control bytes as text: UTF-16 or binary.
            if let utf16, let outcome = cleanUTF16(utf16, bytes) { return outcome }
            if let nul { return .binary(reason: "binary content (NUL byte), not text", offset: nul) }
            if let control { return .binary(reason: "binary content (control bytes), not text", offset: control) }
        }
        let evidence = UnsafeBufferPointer(rebasing: bytes[0..<evidencePrefix(bytes)])
        if let chosen = chooseStrict(evidence, utf16: utf16) {
            if evidence.count == count, let decoded = chosen.decoded { return decoded }
            guard let outcome = decodeICU(chosen.charset, bytes, from: 0) else { return tooLarge(count) }
            return outcome
        }
        return decodeDetected(bytes)
    }

    /// True when the first 64 KiB hold a control byte text never has (DEL included).
    static func hasStrayControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        UnsafeBufferPointer(rebasing: bytes.prefix(evidenceLimit)).contains { isTextControl($0) || $0 == 0x7F }
    }

    /// True when at least a quarter of the non-ASCII characters among the first 4096 are private-use: no text
    /// writes that, but a wrong reading of other bytes does.
    static func mostlyPrivateUse(_ text: String) -> Bool {
        var nonASCII = 0
        var privateUse = 0
        for scalar in text.unicodeScalars.prefix(ChineseEvidence.limit) where scalar.value >= 0x80 {
            nonASCII += 1
            if (0xE000...0xF8FF).contains(scalar.value) { privateUse += 1 }
        }
        return privateUse > 0 && privateUse * 4 >= nonASCII
    }

    /// The length of the prefix the evidence looks at: the whole input when short, else the first 64 KiB up to a
    /// byte below 0x30 (space, line break, ASCII punctuation: never part of a GB18030 or Big5 character, so no
    /// character is cut).
    static func evidencePrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard bytes.count > evidenceLimit else { return bytes.count }
        var end = evidenceLimit
        while end > 0, bytes[end - 1] >= 0x30 { end -= 1 }
        return end > 0 ? end : evidenceLimit
    }

    /// A decode that reads every byte: no bad sequence, and no control character unless `allowControls` (GB18030
    /// and Big5 keep bytes below 0x20 as themselves, so a control byte in the input is a control in the text).
    static func strictDecode(_ charset: String, _ bytes: UnsafeBufferPointer<UInt8>, allowControls: Bool) -> DecodeOutcome? {
        if !allowControls, bytes.contains(where: isTextControl) { return nil }
        guard let outcome = decodeICU(charset, bytes, from: 0), case .text(_, _, 0, _) = outcome else { return nil }
        return outcome
    }

    /// True for a byte that text never holds: NUL and C0 controls other than tab, line breaks, form feed and escape.
    @inline(__always)
    static func isTextControl(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C && byte != 0x1B
    }

    /// The charset that reads `evidence` best among the strict decodes (GB18030, Big5, a Japanese or Korean charset
    /// ICU is confident of) and a plausible UTF-16 reading; nil when none is clean. `decoded` is the evidence's decode.
    static func chooseStrict(_ evidence: UnsafeBufferPointer<UInt8>, utf16: UTF16Evidence.Order?)
        -> (charset: String, decoded: DecodeOutcome?)? {
        // A control byte is tolerated in an 8-bit reading only when no UTF-16 reading competes (a stray ^Z).
        var candidates: [(charset: String, outcome: DecodeOutcome)] = []
        for charset in ["GB18030", "Big5"] {
            if let outcome = strictDecode(charset, evidence, allowControls: utf16 == nil) {
                candidates.append((charset, outcome))
            }
        }
        // A Japanese or Korean file that GB18030 also happens to read: ICU's frequency statistics know it when they
        // have enough characters to go on (below eleven double-byte characters every candidate gets 10) and the
        // Chinese charsets score far lower (Chinese text can score high as EUC-KR too: 阿里巴巴 reads as Hangul).
        let detected = detect(evidence)
        if let top = detected.first, top.confidence >= 50, ["Shift_JIS", "EUC-JP", "EUC-KR"].contains(top.name) {
            let chinese = detected.filter { ["GB18030", "Big5"].contains(canonical($0.name)) }.map(\.confidence).max() ?? 0
            if top.confidence >= chinese + 30, let outcome = strictDecode(top.name, evidence, allowControls: true),
               case .text(let text, _, _, _) = outcome, readsAsJapaneseOrKorean(text, charset: top.name) {
                return (top.name, outcome)
            }
        }
        if let utf16, let outcome = cleanUTF16(utf16, UnsafeBufferPointer(rebasing: evidence[0..<(evidence.count & ~1)])) {
            candidates.append((utf16.charset, outcome))
        }
        guard let first = candidates.first else { return nil }
        if candidates.count == 1 { return (first.charset, first.outcome) }
        var best = first
        var bestScore = -Double.infinity
        let scorer = ChineseEvidence()
        for candidate in candidates {
            guard case .text(let text, _, _, _) = candidate.outcome else { continue }
            // Ties go to the earlier candidate: GB18030, then Big5, then UTF-16.
            let score = scorer.score(text, bytes: evidence, charset: candidate.charset)
            if score > bestScore + 1e-9 {
                best = candidate
                bestScore = score
            }
        }
        return (best.charset, best.outcome)
    }

    /// True when a Japanese or Korean reading looks like those languages: Japanese writes hiragana between its
    /// kanji, Korean news writes Hangul with few Hanja. Chinese bytes read in those charsets give mostly ideographs.
    static func readsAsJapaneseOrKorean(_ text: String, charset: String) -> Bool {
        var ideographs = 0
        var native = 0
        for scalar in text.unicodeScalars.prefix(ChineseEvidence.limit) {
            let value = scalar.value
            if TextCleaning.isIdeograph(value) {
                ideographs += 1
            } else if charset == "EUC-KR" ? (0xAC00...0xD7AF).contains(value) : (0x3040...0x309F).contains(value) {
                native += 1
            }
        }
        return charset == "EUC-KR" ? native > 0 && ideographs * 10 <= native : native * 10 >= native + ideographs
    }

    /// Decodes all of `bytes` as UTF-16 in `order`; nil unless every unit decodes.
    static func cleanUTF16(_ order: UTF16Evidence.Order, _ bytes: UnsafeBufferPointer<UInt8>) -> DecodeOutcome? {
        guard let outcome = decodeICU(order.charset, bytes, from: 0), case .text(_, _, 0, _) = outcome else { return nil }
        return outcome
    }

    /// Decodes input that no charset reads cleanly (damaged legacy text, Latin charsets) with the detector's
    /// candidates: the first clean decode wins; otherwise the fewest bad bytes. UTF-16 and UTF-32 are never guessed
    /// here (any even number of bytes "decodes" as UTF-16); when the detector has no evidence (short input) only
    /// GB18030 and Big5 are tried, then Latin charsets.
    static func decodeDetected(_ bytes: UnsafeBufferPointer<UInt8>) -> DecodeOutcome {
        var candidates = detect(bytes).filter { !$0.name.hasPrefix("UTF-16") && !$0.name.hasPrefix("UTF-32") }
        if let top = candidates.first, top.confidence <= 10 {
            candidates.removeAll { !isLatin(canonical($0.name)) }
        }
        var cjk: [String] = []
        var latin: [String] = []
        for candidate in candidates {
            let name = canonical(candidate.name)
            if name == "UTF-8" { continue }
            if isLatin(name) {
                if !latin.contains(name) { latin.append(name) }
            } else if !cjk.contains(name) {
                cjk.append(name)
            }
        }
        for fallback in ["GB18030", "Big5"] where !cjk.contains(fallback) { cjk.append(fallback) }
        var best: (outcome: DecodeOutcome, bad: Int)?
        for (rank, name) in cjk.enumerated() {
            guard let outcome = decodeICU(name, bytes, from: 0) else { return tooLarge(bytes.count) }
            guard case .text(_, _, let bad, _) = outcome else { continue }
            if bad == 0 { return outcome }
            // Damaged input: a few bad bytes in the detector's favourite beat a clean decode by a less likely
            // charset (EUC-KR and Big5 "decode" most GB18030 bytes without error, into nonsense).
            if rank == 0 && (bad <= 3 || bad * 500 <= bytes.count) { return outcome }
            if best == nil || bad < (best?.bad ?? Int.max) { best = (outcome, bad) }
        }
        let topIsLatin = candidates.first.map { isLatin(canonical($0.name)) } ?? false
        if let best, best.bad * 100 <= bytes.count / 2 || !topIsLatin || latin.isEmpty {
            return best.outcome
        }
        if let name = latin.first, let outcome = decodeICU(name, bytes, from: 0) { return outcome }
        return best?.outcome ?? decodeUTF8(bytes, base: 0)
    }

    /// ICU's charset names for one family, folded to the decoder that reads them all (GB2312 and GBK are subsets of GB18030).
    static func canonical(_ name: String) -> String {
        switch name.uppercased() {
        case "GB2312", "GBK", "GB18030", "EUC-CN", "CP936", "WINDOWS-936": return "GB18030"
        case "BIG5", "BIG5-HKSCS": return "Big5"
        default: return name
        }
    }

    /// Single-byte charsets decode any bytes "cleanly", so they are only a last resort.
    static func isLatin(_ name: String) -> Bool {
        let upper = name.uppercased()
        return upper.hasPrefix("ISO-8859") || upper.hasPrefix("WINDOWS-12") || upper.hasPrefix("KOI8")
            || upper.hasPrefix("IBM4") || upper.hasPrefix("IBM8")
    }

    /// ICU's candidates for the first 64 KiB of `bytes` (plenty for its statistics), best first.
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> [(name: String, confidence: Int)] {
        guard let base = bytes.baseAddress else { return [] }
        let length = Int32(min(bytes.count, 1 << 16))
        let stride: Int32 = 32
        let maxResults: Int32 = 12
        var names = [CChar](repeating: 0, count: Int(stride * maxResults))
        var confidences = [Int32](repeating: 0, count: Int(maxResults))
        var status: Int32 = 0
        let found = names.withUnsafeMutableBufferPointer { namesBuffer in
            confidences.withUnsafeMutableBufferPointer { confidenceBuffer in
                cicu_detect_charsets(base, length, namesBuffer.baseAddress, stride,
                                     confidenceBuffer.baseAddress, maxResults, &status)
            }
        }
        guard status <= 0, found > 0 else { return [] }
        var result: [(name: String, confidence: Int)] = []
        for index in 0..<Int(min(found, maxResults)) {
            let start = index * Int(stride)
            let slice = names[start..<(start + Int(stride))]
            let bytes = slice.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            result.append((String(decoding: bytes, as: UTF8.self), Int(confidences[index])))
        }
        return result
    }

    /// Decodes `bytes[from...]` with ICU; nil when the input is too large for ICU's Int32 lengths.
    static func decodeICU(_ charset: String, _ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> DecodeOutcome? {
        let length = bytes.count - start
        guard length <= icuLimit, let base = bytes.baseAddress else { return nil }
        if length == 0 { return .text("", encoding: charset, badCount: 0, firstBadOffset: nil) }
        let capacity = length + 16
        var badCount: Int32 = 0
        var firstBad: Int32 = -1
        var status: Int32 = 0
        var units = [UInt16](repeating: 0, count: capacity)
        let written = units.withUnsafeMutableBufferPointer { buffer in
            charset.withCString { name in
                cicu_decode(name, base + start, Int32(length), buffer.baseAddress, Int32(capacity),
                            &badCount, &firstBad, &status)
            }
        }
        guard status <= 0, written >= 0 else { return nil }
        let decoded = units.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<min(Int(written), capacity)]), as: UTF16.self)
        }
        let offset = firstBad >= 0 ? Int(firstBad) + start : nil
        return .text(decoded, encoding: charset, badCount: Int(badCount), firstBadOffset: badCount > 0 ? offset : nil)
    }

    /// UTF-8 with replacement of bad sequences; `base` is added to reported offsets (a skipped BOM).
    static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, base: Int) -> DecodeOutcome {
        if let text = String(validating: bytes, as: UTF8.self) {
            return .text(text, encoding: "UTF-8", badCount: 0, firstBadOffset: nil)
        }
        let scan = scanUTF8(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        return .text(text, encoding: "UTF-8", badCount: scan.invalid,
                     firstBadOffset: scan.firstInvalid.map { $0 + base })
    }

    /// Counts invalid and valid multi-byte UTF-8 sequences (and among them the three- and four-byte ones, which
    /// legacy charsets almost never form by chance), and finds the first invalid one.
    static func scanUTF8(_ bytes: UnsafeBufferPointer<UInt8>)
        -> (invalid: Int, validMultibyte: Int, validLong: Int, firstInvalid: Int?) {
        var invalid = 0
        var valid = 0
        var validLong = 0
        var first: Int?
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            var length = 0
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: length = 0
            }
            var ok = length > 0 && index + length <= count
            if ok {
                let second = bytes[index + 1]
                ok = second >= low && second <= high
                var next = 2
                while ok && next < length {
                    ok = bytes[index + next] & 0xC0 == 0x80
                    next += 1
                }
            }
            if ok {
                valid += 1
                if length >= 3 { validLong += 1 }
                index += length
            } else {
                invalid += 1
                if first == nil { first = index }
                let start = index
                index += 1
                // Skip the continuation bytes of the broken sequence so one bad sequence counts once.
                while index < count, bytes[index] & 0xC0 == 0x80, index - start < 4 { index += 1 }
            }
        }
        return (invalid, valid, validLong, first)
    }

    /// The offset of the first NUL byte, if any.
    static func firstNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        // memchr: a file of tens of megabytes is scanned a word at a time, not byte by byte.
        guard let base = bytes.baseAddress, let hit = memchr(base, 0, bytes.count) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// The offset of the first C0 control byte when more than 1% of the first 64 KiB are controls (text never has them).
    static func controlEvidence(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let limit = min(bytes.count, 1 << 16)
        var controls = 0
        var first: Int?
        for index in 0..<limit {
            let byte = bytes[index]
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D, byte != 0x0C, byte != 0x1B {
                controls += 1
                if first == nil { first = index }
            }
        }
        return controls >= 4 && controls * 100 > limit ? first : nil
    }

    /// The kind of a well-known binary file, from its first bytes.
    static func binaryMagic(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        func starts(_ prefix: [UInt8]) -> Bool {
            bytes.count >= prefix.count && zip(bytes, prefix).allSatisfy { $0 == $1 }
        }
        if starts([0x25, 0x50, 0x44, 0x46, 0x2D]) { return "PDF" }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return "PNG" }
        if starts([0xFF, 0xD8, 0xFF]) { return "JPEG" }
        if starts([0x47, 0x49, 0x46, 0x38]) { return "GIF" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "ZIP" }
        if starts([0x1F, 0x8B]) { return "gzip" }
        if starts([0x7F, 0x45, 0x4C, 0x46]) { return "ELF" }
        return nil
    }

    /// The outcome for an input too large to hand to ICU.
    static func tooLarge(_ count: Int) -> DecodeOutcome {
        .binary(reason: "too large (\(count) bytes) to convert from a legacy charset; convert it to UTF-8 first", offset: 0)
    }
}

/// Evidence that bytes without a byte order mark are UTF-16.
enum UTF16Evidence {
    /// The byte order of a UTF-16 reading.
    enum Order: Sendable {
        case littleEndian, bigEndian

        /// ICU's name for the charset.
        var charset: String { self == .littleEndian ? "UTF-16LE" : "UTF-16BE" }
    }

    /// The order in which Latin-heavy UTF-16 holds `bytes`: NUL on one side of most pairs and almost never on the
    /// other, and nearly every unit a plausible character. Nil when the pattern is not there.
    static func asciiOrder(_ bytes: UnsafeBufferPointer<UInt8>) -> Order? {
        let length = min(bytes.count, CharsetDecoding.evidenceLimit) & ~1
        let pairs = length / 2
        guard pairs >= 2 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        var index = 0
        while index < length {
            if bytes[index] == 0 { evenZeros += 1 }
            if bytes[index + 1] == 0 { oddZeros += 1 }
            index += 2
        }
        let order: Order
        if oddZeros * 10 >= pairs * 3, evenZeros * 10 <= oddZeros {
            order = .littleEndian
        } else if evenZeros * 10 >= pairs * 3, oddZeros * 10 <= evenZeros {
            order = .bigEndian
        } else {
            return nil
        }
        let share = plausibleShare(bytes, length: length, order: order)
        return share.plausible * 10 >= pairs * 9 ? order : nil
    }

    /// The order in which `bytes` read as UTF-16 Chinese text: at least 95% of units plausible characters and at
    /// least half of them CJK. GB18030 and Big5 text never passes (their pairs read as Hangul, surrogates and private
    /// use), but plain ASCII does, so this is asked only once UTF-8 has failed.
    static func cjkOrder(_ bytes: UnsafeBufferPointer<UInt8>) -> Order? {
        guard bytes.count % 2 == 0 || bytes.count > CharsetDecoding.evidenceLimit else { return nil }
        let length = min(bytes.count, CharsetDecoding.evidenceLimit) & ~1
        let pairs = length / 2
        guard pairs >= 2 else { return nil }
        var best: (order: Order, plausible: Int)?
        for order in [Order.littleEndian, .bigEndian] {
            let share = plausibleShare(bytes, length: length, order: order)
            guard share.plausible * 100 >= pairs * 95, share.cjk * 2 >= pairs else { continue }
            if best == nil || share.plausible > (best?.plausible ?? 0) { best = (order, share.plausible) }
        }
        return best?.order
    }

    /// How many of the first `length` bytes' units are plausible characters, and how many of those are CJK.
    static func plausibleShare(_ bytes: UnsafeBufferPointer<UInt8>, length: Int, order: Order) -> (plausible: Int, cjk: Int) {
        var plausible = 0
        var cjk = 0
        var index = 0
        while index + 1 < length {
            let unit = order == .littleEndian
                ? UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                : UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            if isPlausible(unit) {
                plausible += 1
                if unit >= 0x3000 { cjk += 1 }
            }
            index += 2
        }
        return (plausible, cjk)
    }

    /// Characters Chinese news holds: ASCII text, Latin letters, general punctuation and symbols, CJK punctuation,
    /// ideographs and full-width forms. Not Hangul, surrogates, private use or controls (where the pairs of
    /// GB18030, Big5 or binary data land).
    @inline(__always)
    static func isPlausible(_ unit: UInt32) -> Bool {
        switch unit {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0xA0...0x17F, 0x2000...0x206F, 0x2100...0x22FF, 0x2460...0x27BF,
             0x3000...0x33FF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF01...0xFFEF:
            return true
        default:
            return false
        }
    }
}

/// How well a decoded text reads as Chinese, to choose between readings that all decode without error
/// (GB18030 and Big5 share most byte pairs; UTF-16 reads any even number of bytes).
/// Why a dictionary: in a wrong reading the characters are real but random, so they rarely form words; ICU's
/// word break dictionary (Simplified and Traditional) tells words from runs of unrelated characters even in a
/// headline of four characters.
struct ChineseEvidence {
    /// The most text the dictionary looks at (UTF-16 units).
    static let limit = 4096

    /// A score in -2...2: the share of ideographs that stand in dictionary words of two or more characters, plus
    /// the share of double-byte characters in the charset's common range (GB2312 level 1 and punctuation for
    /// GB18030; the frequent characters and punctuation for Big5; for UTF-16, the share of plausible units), less
    /// twice the share of private-use characters (where both charsets put their user-defined byte pairs).
    func score(_ text: String, bytes: UnsafeBufferPointer<UInt8>, charset: String) -> Double {
        wordShare(text) + commonShare(text, bytes: bytes, charset: charset) - 2 * privateUseShare(text)
    }

    /// The share of non-ASCII characters in the private use area.
    func privateUseShare(_ text: String) -> Double {
        var total = 0
        var privateUse = 0
        for scalar in text.unicodeScalars.prefix(Self.limit) where scalar.value >= 0x80 {
            total += 1
            if (0xE000...0xF8FF).contains(scalar.value) { privateUse += 1 }
        }
        return total > 0 ? Double(privateUse) / Double(total) : 0
    }

    /// The share of ideographs that ICU's dictionary puts in words of two or more characters.
    func wordShare(_ text: String) -> Double {
        let units = Array(text.utf16.prefix(Self.limit))
        let ideographs = units.filter { TextCleaning.isIdeograph(UInt32($0)) }.count
        guard ideographs > 0 else { return 0 }
        var status: Int32 = 0
        guard let iterator = cicu_wordbreak_open("zh", &status), status <= 0 else { return 0 }
        defer { cicu_wordbreak_close(iterator) }
        var ends = [Int32](repeating: 0, count: units.count + 1)
        var statuses = [Int32](repeating: 0, count: units.count + 1)
        let capacity = Int32(ends.count)
        let found = units.withUnsafeBufferPointer { text in
            ends.withUnsafeMutableBufferPointer { endBuffer in
                statuses.withUnsafeMutableBufferPointer { statusBuffer in
                    cicu_wordbreak_segments(iterator, text.baseAddress, Int32(text.count), endBuffer.baseAddress,
                                            statusBuffer.baseAddress, capacity, &status)
                }
            }
        }
        guard status <= 0 else { return 0 }
        var inWords = 0
        var start = 0
        for index in 0..<Int(min(found, capacity)) {
            let end = min(Int(ends[index]), units.count)
            guard end > start else { continue }
            if (400..<500).contains(statuses[index]) {
                let word = units[start..<end].filter { TextCleaning.isIdeograph(UInt32($0)) }.count
                if word >= 2 { inWords += word }
            }
            start = end
        }
        return Double(inWords) / Double(ideographs)
    }

    /// The share of double-byte characters in the charset's common range (see `score`).
    func commonShare(_ text: String, bytes: UnsafeBufferPointer<UInt8>, charset: String) -> Double {
        var common = 0
        var total = 0
        var index = 0
        let count = bytes.count
        switch charset {
        case "GB18030":
            while index < count {
                let lead = bytes[index]
                guard lead >= 0x81, index + 1 < count else { index += 1; continue }
                let trail = bytes[index + 1]
                if (0x30...0x39).contains(trail) {
                    // A four-byte sequence: rare characters.
                    total += 1
                    index += 4
                    continue
                }
                total += 1
                if trail >= 0xA1, trail <= 0xFE, (0xB0...0xD7).contains(lead) || (0xA1...0xA3).contains(lead) { common += 1 }
                index += 2
            }
        case "Big5":
            while index < count {
                let lead = bytes[index]
                guard lead >= 0x81, index + 1 < count else { index += 1; continue }
                let code = UInt32(lead) << 8 | UInt32(bytes[index + 1])
                total += 1
                if (0xA440...0xC67E).contains(code) || (0xA140...0xA3BF).contains(code) { common += 1 }
                index += 2
            }
        default:
            for scalar in text.unicodeScalars.prefix(Self.limit) where scalar.value >= 0x80 {
                total += 1
                if UTF16Evidence.isPlausible(scalar.value) { common += 1 }
            }
        }
        return total > 0 ? Double(common) / Double(total) : 0
    }
}
