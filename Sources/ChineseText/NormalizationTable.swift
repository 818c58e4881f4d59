import CICU
import Foundation

/// The per-scalar mapping lower(T2S(NFKC(c))), precomputed once per process for every scalar below
/// `NormalizationTable.limit`, so normalising is one array load per scalar.
///
/// Why per scalar: ICU's "Traditional-Simplified" transliterator has a few phrase rules (著作 stays
/// 著作 as a whole, while 著 alone becomes 着). A context-dependent mapping would break search's
/// substring guarantee (the query 著 must normalise exactly as the 著 inside 著作 does), so every
/// scalar is mapped on its own. Every output scalar then maps to exactly one input scalar.
///
/// Only unambiguous Traditional forms fold: a scalar that is itself a standard Simplified character
/// (著, 乾, 俱, see `keptAsSimplified`) maps to itself, so Simplified text is not rewritten
/// (著名 stays 著名, 乾隆 stays 乾隆, 俱乐部 stays 俱乐部) while 鄉村振興 still folds to 乡村振兴.
///
/// Entry layout (UInt32):
/// - bit 31 clear: bits 0–20 hold the single output scalar.
/// - bit 31 set: bits 5–29 hold an offset into `pool`, bits 0–4 the number of output scalars (0–31).
/// - bit 30 (either form): the scalar may combine with what precedes it under NFKC (a non-starter,
///   a composition "second" such as a Hangul vowel, or a scalar whose NFKC form starts with one),
///   so it must be normalised together with its predecessor.
struct NormalizationTable: Sendable {
    /// Scalars at or above this value are left as they are (planes 4–16: no NFKC, T2S or case mappings
    /// apply there; the test suite verifies it).
    static let limit: UInt32 = 0x40000
    static let expansionBit: UInt32 = 1 << 31
    static let combinesBit: UInt32 = 1 << 30

    /// One entry per scalar below `limit` (surrogate slots map to themselves).
    let entries: [UInt32]
    /// Output scalars of entries that expand to zero or several scalars.
    let pool: [UInt32]
    /// True when ICU's Traditional-Simplified transliterator could be opened.
    let hasTraditionalToSimplified: Bool

    /// The process-wide table: immutable, read from the cache or built on first use (see `NormalizationCache`).
    static let shared: NormalizationTable = cachedAtStart
        ?? NormalizationCache(environment: ProcessInfo.processInfo.environment).table()

    /// The table as the cache held it when first asked for (nil: no cache, or a missing or damaged file).
    private static let cachedAtStart: NormalizationTable? =
        NormalizationCache(environment: ProcessInfo.processInfo.environment).load()

    /// A table from its parts (as the cache stores them).
    init(entries: [UInt32], pool: [UInt32], hasTraditionalToSimplified: Bool) {
        self.entries = entries
        self.pool = pool
        self.hasTraditionalToSimplified = hasTraditionalToSimplified
    }

    /// Builds the table from ICU (about 0.1 s).
    static func build() -> NormalizationTable { NormalizationTable() }

    /// Whether ICU's Traditional-Simplified transform can be opened (checked without building the table).
    ///
    /// A cached table records it (it was built with the same ICU): opening the transform parses its rules,
    /// tens of milliseconds that a search would spend only to write its analyser's fingerprint.
    static let traditionalToSimplifiedAvailable: Bool = cachedAtStart?.hasTraditionalToSimplified ?? openTraditionalToSimplified()

    /// Opens ICU's Traditional-Simplified transform and closes it again: true when it opened.
    static func openTraditionalToSimplified() -> Bool {
        var status: Int32 = 0
        guard let transliterator = cicu_translit_open("Traditional-Simplified", &status) else { return false }
        cicu_translit_close(transliterator)
        return status <= 0
    }

    /// Starters (canonical combining class 0) that still compose with a preceding scalar under NFC
    /// (NFC_Quick_Check = Maybe). Non-starters are detected through their combining class.
    static let composingStarters: [ClosedRange<UInt32>] = [
        0x09BE...0x09BE, 0x09D7...0x09D7, 0x0B3E...0x0B3E, 0x0B56...0x0B57, 0x0BBE...0x0BBE,
        0x0BD7...0x0BD7, 0x0CC2...0x0CC2, 0x0CD5...0x0CD6, 0x0D3E...0x0D3E, 0x0D57...0x0D57,
        0x0DCF...0x0DCF, 0x0DDF...0x0DDF, 0x102E...0x102E, 0x1161...0x1175, 0x11A8...0x11C2,
        0x1B35...0x1B35, 0x11127...0x11127, 0x1133E...0x1133E, 0x11357...0x11357,
        0x114B0...0x114B0, 0x114BA...0x114BA, 0x114BD...0x114BD, 0x115AF...0x115AF, 0x11930...0x11930,
    ]

    private init() {
        let count = Int(Self.limit)
        // 1. NFKC of every scalar on its own: most are inert (themselves); the rest go through ICU.
        //    nfkcSingle holds the one-scalar result, or `multiMarker` when nfkcMulti holds it.
        let multiMarker = UInt32.max
        var nfkcSingle = [UInt32](0..<Self.limit)
        var nfkcMulti: [UInt32: [UInt32]] = [:]
        var source = [UInt16](repeating: 0, count: 2)
        var target = [UInt16](repeating: 0, count: 64)
        for value in 0..<Self.limit {
            if (0xD800...0xDFFF).contains(value) || cicu_nfkc_is_inert(value) != 0 { continue }
            let length = Self.encodeUTF16(value, into: &source)
            var status: Int32 = 0
            let written = cicu_nfkc(source, Int32(length), &target, Int32(target.count), &status)
            if status > 0 || written > target.count { continue }
            if written == 1, !(0xD800...0xDFFF).contains(target[0]) {
                nfkcSingle[Int(value)] = UInt32(target[0])
            } else {
                let decoded = Self.decodeUTF16(target, count: Int(written))
                if decoded.count == 1, let only = decoded.first {
                    nfkcSingle[Int(value)] = only
                } else {
                    nfkcSingle[Int(value)] = multiMarker
                    nfkcMulti[value] = decoded
                }
            }
        }
        // 2. Traditional→Simplified of every scalar on its own, in one batch per range (scalars
        //    separated by line feeds, which no rule spans; the tests compare with single-scalar calls).
        var t2s = [UInt32](0..<Self.limit)
        var t2sMulti: [UInt32: [UInt32]] = [:]
        var openStatus: Int32 = 0
        let transliterator = cicu_translit_open("Traditional-Simplified", &openStatus)
        let hasT2S = transliterator != nil && openStatus <= 0
        var rules = ""
        if let transliterator, hasT2S {
            defer { cicu_translit_close(transliterator) }
            rules = Self.rules(of: transliterator)
            for range in Self.hanRanges {
                var batch: [UInt16] = []
                batch.reserveCapacity(range.count * 8 + 64)
                var units = [UInt16](repeating: 0, count: 2)
                for value in range {
                    let length = Self.encodeUTF16(value, into: &units)
                    batch.append(units[0])
                    if length == 2 { batch.append(units[1]) }
                    batch.append(0x0A)
                }
                let originalLength = batch.count
                batch.append(contentsOf: repeatElement(0, count: originalLength + 64))
                var status: Int32 = 0
                let newLength = cicu_translit_apply(
                    transliterator, &batch, Int32(originalLength), Int32(batch.count), &status)
                if status > 0 { continue }
                let decoded = Self.decodeUTF16(batch, count: Int(newLength))
                // Walk the lines; give up on this range if the line count does not match.
                var lineStarts: [Int] = [0]
                lineStarts.reserveCapacity(range.count + 1)
                for (offset, value) in decoded.enumerated() where value == 0x0A { lineStarts.append(offset + 1) }
                guard lineStarts.count == range.count + 1 else { continue }
                for (k, value) in range.enumerated() {
                    let lineStart = lineStarts[k], lineEnd = lineStarts[k + 1] - 1
                    if lineEnd - lineStart == 1 {
                        t2s[Int(value)] = decoded[lineStart]
                    } else {
                        t2sMulti[value] = Array(decoded[lineStart..<lineEnd])
                    }
                }
            }
        }
        // 2b. Scalars that are standard Simplified characters themselves keep their form.
        if hasT2S {
            var changes: [UInt32: [UInt32]] = t2sMulti
            for range in Self.hanRanges {
                for value in range where t2s[Int(value)] != value { changes[value] = [t2s[Int(value)]] }
            }
            var reverseStatus: Int32 = 0
            let reverseTransliterator = cicu_translit_open("Simplified-Traditional", &reverseStatus)
            defer { cicu_translit_close(reverseTransliterator) }
            let hasReverse = reverseTransliterator != nil && reverseStatus <= 0
            let kept = Self.keptAsSimplified(
                rules: rules, changes: changes, simplifiedStandard: hasReverse ? Self.gb2312Han() : [],
                reverse: { value in reverseTransliterator.map { Self.transliterate(value, with: $0) } ?? [value] })
            for kept in kept where kept < Self.limit {
                t2s[Int(kept)] = kept
                t2sMulti[kept] = nil
            }
        }
        // 3. Compose: lower(T2S(NFKC(c))).
        var entries = [UInt32](repeating: 0, count: count)
        var pool: [UInt32] = []
        var output: [UInt32] = []
        func appendSimplifiedLower(_ scalar: UInt32) {
            if let multi = t2sMulti[scalar] {
                for s in multi { output.append((0xD800...0xDFFF).contains(s) ? s : cicu_tolower(s)) }
            } else {
                let s = scalar < Self.limit ? t2s[Int(scalar)] : scalar
                output.append((0xD800...0xDFFF).contains(s) ? s : cicu_tolower(s))
            }
        }
        for value in 0..<Self.limit {
            let single = nfkcSingle[Int(value)]
            var first = single
            var entry: UInt32
            if single != multiMarker, t2sMulti.isEmpty || t2sMulti[single] == nil {
                let s = single < Self.limit ? t2s[Int(single)] : single
                entry = (0xD800...0xDFFF).contains(s) ? s : cicu_tolower(s)
            } else {
                output.removeAll(keepingCapacity: true)
                if single == multiMarker {
                    let parts = nfkcMulti[value] ?? [value]
                    first = parts.first ?? value
                    for part in parts { appendSimplifiedLower(part) }
                } else {
                    appendSimplifiedLower(single)
                }
                if output.count == 1, let only = output.first {
                    entry = only
                } else {
                    entry = Self.expansionBit | (UInt32(pool.count) << 5) | UInt32(min(output.count, 31))
                    pool.append(contentsOf: output.prefix(31))
                }
            }
            if Self.combinesBackward(first) || Self.combinesBackward(value) {
                entry |= Self.combinesBit
            }
            entries[Int(value)] = entry
        }
        // 4. Make folding idempotent: ICU's T2S has chains and a cycle (薴→苧, 苧→苎, 苎→苧); step 2b
        //    keeps every changed scalar that is another one's output, so none is left, but should an ICU
        //    still yield one, map each output to the end of its chain, or to the smallest member of its cycle.
        let firstPass = entries
        func resolve(_ start: UInt32) -> UInt32 {
            var seen: [UInt32] = [start]
            var current = start
            for _ in 0..<16 {
                guard current < Self.limit else { return current }
                let entry = firstPass[Int(current)]
                if entry & Self.expansionBit != 0 { return current }
                let next = entry & 0x1F_FFFF
                if next == current { return current }
                if let cycleStart = seen.firstIndex(of: next) { return seen[cycleStart...].min() ?? next }
                seen.append(next)
                current = next
            }
            return current
        }
        for value in 0..<Int(Self.limit) where entries[value] & Self.expansionBit == 0 {
            let output = entries[value] & 0x1F_FFFF
            let resolved = resolve(output)
            if resolved != output { entries[value] = (entries[value] & ~UInt32(0x1F_FFFF)) | resolved }
        }
        for k in pool.indices { pool[k] = resolve(pool[k]) }
        self.entries = entries
        self.pool = pool
        self.hasTraditionalToSimplified = hasT2S
    }

    /// The only ranges where Traditional-Simplified changes anything: Han and CJK compatibility
    /// characters (planes 2–3 up to the end of CJK Extension H; the rest of plane 3 is unassigned in Unicode 15).
    static let hanRanges: [Range<UInt32>] = [0x2E80..<0xA000, 0xF900..<0xFB00, 0xFE30..<0xFE50, 0x20000..<0x323B0]

    /// The scalars that ICU's Traditional-Simplified transform changes although they are standard
    /// Simplified characters themselves; the table maps them to themselves.
    ///
    /// Why: folding them rewrites Simplified text (著名 → 着名, 乾隆 → 干隆, 俱乐部 → 具乐部, so a search for
    /// 着 finds 显著). The decision is read from data on the machine (ICU's rules and its GB 2312 converter),
    /// so it is the same wherever the same ICU is installed. A scalar is kept when
    /// 1. a protective rule `X > X` of the transform (the phrase is already Simplified: 著名, 乾坤, 狼藉)
    ///    contains it: ICU itself writes it unchanged in Simplified text; or
    /// 2. it is the Simplified form of another scalar (苧 for 薴) yet is changed itself (苧 → 苎): it has a
    ///    Simplified reading, so its Traditional one cannot be told apart; or
    /// 3. it is a Han character of GB 2312, the Simplified Chinese character set (`simplifiedStandard`),
    ///    and the reverse transform does not give it back from what it becomes (俱 → 具 → 具): ICU merges a
    ///    variant there, not a Traditional form. A GB 2312 character that the reverse gives back (後 → 后 → 後,
    ///    於 → 于 → 於) is ICU's Traditional form and keeps folding.
    /// A scalar that only occurs in rules which change it (鄉 in 鄉愿 > 乡愿) keeps folding.
    /// - Parameters:
    ///   - rules: the transform's rules, as `utrans_toRules` writes them (`input > output;`, one a line).
    ///   - changes: every scalar the transform changes on its own, with what it becomes.
    ///   - simplifiedStandard: the Han characters of GB 2312 (empty: criterion 3 is not applied).
    ///   - reverse: the Simplified-Traditional transform of one scalar on its own.
    static func keptAsSimplified(
        rules: String, changes: [UInt32: [UInt32]], simplifiedStandard: Set<UInt32>,
        reverse: (UInt32) -> [UInt32]
    ) -> Set<UInt32> {
        var kept: Set<UInt32> = []
        for line in rules.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var rule = Substring(line).unicodeScalars
            while let last = rule.last, last == ";" || last == " " { rule.removeLast() }
            guard let arrow = rule.firstRange(of: " > ".unicodeScalars) else { continue }
            let input = rule[..<arrow.lowerBound], output = rule[arrow.upperBound...]
            // Only plain Han phrases: anything else may be rule syntax (contexts, sets, escapes).
            guard !input.isEmpty, input.elementsEqual(output),
                  input.allSatisfy({ scalar in hanRanges.contains { $0.contains(scalar.value) } }) else { continue }
            for scalar in input where changes[scalar.value] != nil { kept.insert(scalar.value) }
        }
        for (source, outputs) in changes {
            for output in outputs where output != source && changes[output] != nil { kept.insert(output) }
            if simplifiedStandard.contains(source), outputs.flatMap(reverse) != [source] { kept.insert(source) }
        }
        return kept
    }

    /// The Han characters of GB 2312 (rows 16–87), decoded by ICU's converter; empty when ICU has none.
    static func gb2312Han() -> Set<UInt32> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(72 * 94 * 3)
        for lead in UInt8(0xB0)...0xF7 {
            // A line feed after every pair, so an unassigned pair cannot shift the next one.
            for trail in UInt8(0xA1)...0xFE { bytes.append(contentsOf: [lead, trail, 0x0A]) }
        }
        var units = [UInt16](repeating: 0, count: bytes.count + 16)
        var bad: Int32 = 0, firstBad: Int32 = 0, status: Int32 = 0
        let written = cicu_decode("GB2312", bytes, Int32(bytes.count), &units, Int32(units.count), &bad, &firstBad, &status)
        guard status <= 0, written > 0, Int(written) <= units.count else { return [] }
        var han: Set<UInt32> = []
        for value in decodeUTF16(units, count: Int(written))
        where value != 0x0A && value != 0xFFFD && hanRanges.contains(where: { $0.contains(value) }) {
            han.insert(value)
        }
        return han
    }

    /// One scalar on its own through an open transliterator (the scalar itself when ICU fails).
    static func transliterate(_ value: UInt32, with transliterator: UnsafeMutableRawPointer) -> [UInt32] {
        var units = [UInt16](repeating: 0, count: 64)
        let length = encodeUTF16(value, into: &units)
        var status: Int32 = 0
        let written = cicu_translit_apply(transliterator, &units, Int32(length), Int32(units.count), &status)
        guard status <= 0, written > 0, Int(written) <= units.count else { return [value] }
        return decodeUTF16(units, count: Int(written))
    }

    /// The rules of an open transliterator (empty when ICU cannot write them).
    static func rules(of transliterator: UnsafeMutableRawPointer) -> String {
        var status: Int32 = 0
        let needed = cicu_translit_rules(transliterator, nil, 0, &status)
        guard needed > 0, needed < 1 << 26 else { return "" }
        var units = [UInt16](repeating: 0, count: Int(needed) + 1)
        status = 0
        let written = cicu_translit_rules(transliterator, &units, Int32(units.count), &status)
        guard status <= 0, written >= 0, Int(written) <= units.count else { return "" }
        return String(decoding: units[0..<Int(written)], as: UTF16.self)
    }

    /// True when `value` may compose with or reorder around the scalar before it under NFKC.
    static func combinesBackward(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return false }
        if scalar.properties.canonicalCombiningClass.rawValue != 0 { return true }
        for range in composingStarters where range.contains(value) { return true }
        return false
    }

    @inline(__always)
    static func encodeUTF16(_ value: UInt32, into units: inout [UInt16]) -> Int {
        if value < 0x10000 {
            units[0] = UInt16(truncatingIfNeeded: value)
            return 1
        }
        let v = value - 0x10000
        units[0] = UInt16(truncatingIfNeeded: 0xD800 + (v >> 10))
        units[1] = UInt16(truncatingIfNeeded: 0xDC00 + (v & 0x3FF))
        return 2
    }

    static func decodeUTF16(_ units: [UInt16], count: Int) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(count)
        var index = 0
        while index < count {
            let unit = UInt32(units[index])
            if (0xD800..<0xDC00).contains(unit), index + 1 < count,
               (0xDC00..<0xE000).contains(UInt32(units[index + 1])) {
                result.append(0x10000 + ((unit - 0xD800) << 10) + (UInt32(units[index + 1]) - 0xDC00))
                index += 2
            } else {
                result.append(unit)
                index += 1
            }
        }
        return result
    }
}
