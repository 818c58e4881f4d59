import CICU

/// Splits text into tokens: normalise, ICU word break (locale zh) on the normalised text, then the
/// most probable split of each run of Chinese by the dictionary's word frequencies; offsets map to
/// the original.
///
/// Why not ICU alone: its dictionary splits names and suffixed words it does not know (克/林/顿,
/// 现代/化, 京/东). The best path (a unigram model, as jieba's) runs inside each run of Han pieces
/// between ICU's hard boundaries (punctuation, digits, Latin, spaces), so numbers and Latin runs are
/// never split. ICU's boundaries are a prior: a word of two or more characters on two of them is `icuBonus` likelier, and an
/// ICU word the dictionary lacks stands as a rare word. So a gazetteer name (no frequency: a rare
/// word) wins where the text supports it (宿迁拼多多) and not across real words (上海医药企业 →
/// 上海/医药/企业). Outside the runs, the longest dictionary word ending on an ICU boundary joins
/// pieces (c#, B超). Numbers keep their unit (2000年, 12月, 3.5亿, 30%), and —— or …… are one mark.
///
/// Not Sendable: it owns an ICU break iterator and scratch buffers. Create one per thread (a few
/// ms: it derives the word model from the dictionary) and reuse it.
public final class Segmenter {
    /// The overlay's words.
    public let dictionary: WordDictionary
    /// The normaliser applied before segmenting.
    public let normalizer: Normalizer
    private let iterator: UnsafeMutableRawPointer
    /// ICU's dictionary break of ideograph runs from a table (nil: ICU breaks everything); the
    /// pieces are the same either way, only the time differs.
    public let hanBreaks: HanDictionaryBreak?
    /// Log probability of each dictionary word (by index), and of a character that is no word.
    private let logProbabilities: [Float]
    private let unknownLogProbability: Float
    private var scratch = Scratch()

    /// Scratch buffers reused across calls, so counting and indexing allocate almost nothing.
    struct Scratch {
        var normalized = NormalizationBuffers()
        var utf16: [UInt16] = []
        var utf16ToScalar: [Int32] = []
        var ends: [Int32] = []
        var statuses: [Int32] = []
        var boundary: [Bool] = []
        var pieceStarts: [Int32] = []
        var pieceEnds: [Int32] = []
        var pieceKinds: [UInt8] = []
        var best: [Float] = []
        var next: [Int32] = []
        var hanCost: [UInt32] = []
        var hanFrom: [Int32] = []
    }

    /// A segmenter with `dictionary` as its overlay; throws when ICU's word break data is missing.
    public init(dictionary: WordDictionary, hanBreaks: HanDictionaryBreak? = nil) throws(TextError) {
        var status: Int32 = 0
        guard let iterator = cicu_wordbreak_open("zh", &status), status <= 0 else {
            throw .icu(operation: "word break (locale zh)", status: String(cString: cicu_error_name(status)))
        }
        self.iterator = iterator
        self.hanBreaks = hanBreaks
        self.dictionary = dictionary
        self.normalizer = Normalizer()
        (logProbabilities, unknownLogProbability) = dictionary.logProbabilities(
            defaultFrequency: Self.defaultFrequency, minimumTotal: Self.minimumTotal)
    }

    /// Identifies everything segmentation depends on (normaliser rules, ICU version, overlay words),
    /// so an index can tell when its tokens would come out differently and must be rebuilt.
    public var fingerprint: String {
        "\(normalizer.fingerprint);\(Self.modelVersion);\(dictionary.fingerprint);\(dictionary.weightedFingerprint)"
    }

    /// The version of the segmentation model (ICU word break, locale zh, then the unigram best path):
    /// it changes whenever the same words and text could come out as other tokens.
    public static let modelVersion = "wordbreak-zh;unigram-path-v2"

    deinit {
        cicu_wordbreak_close(iterator)
    }

    /// The tokens of `text`: no whitespace tokens; punctuation kept with kind `.punctuation`;
    /// offsets are scalar offsets into `text`.
    public func segment(_ text: String) -> [Token] {
        var local = Scratch()
        swap(&local, &scratch)
        defer { swap(&local, &scratch) }
        _ = normalizer.normalize(text, into: &local.normalized)
        var spans: [(start: Int32, end: Int32, kind: TokenKind)] = []
        let normalizedScalars = local.normalized.scalars
        normalizedScalars.withUnsafeBufferPointer { scalars in
            run(scalars, scratch: &local) { start, end, kind in
                spans.append((Int32(truncatingIfNeeded: start), Int32(truncatingIfNeeded: end), kind))
            }
        }
        var tokens: [Token] = []
        tokens.reserveCapacity(spans.count)
        let view = text.unicodeScalars
        var cursor = view.startIndex
        var cursorOffset = 0
        for span in spans {
            let originalStart = Int(local.normalized.starts[Int(span.start)])
            let originalEnd = Int(local.normalized.ends[Int(span.end) - 1])
            // Starts never decrease (the cursor stays at the previous token's start), so one forward
            // walk serves all tokens, even those cut from one original scalar (½ → 1⁄2) that share a span.
            while cursorOffset < originalStart, cursor < view.endIndex {
                view.formIndex(after: &cursor)
                cursorOffset += 1
            }
            var endIndex = cursor
            var endOffset = cursorOffset
            while endOffset < originalEnd, endIndex < view.endIndex {
                view.formIndex(after: &endIndex)
                endOffset += 1
            }
            tokens.append(Token(
                text: String(view[cursor..<endIndex]),
                normalized: String(scalars: normalizedScalars[Int(span.start)..<Int(span.end)]),
                kind: span.kind,
                start: originalStart,
                end: originalEnd))
        }
        return tokens
    }

    /// The number of tokens in `text`, punctuation excluded, without building any token.
    public func tokenCount(_ text: String) -> Int {
        var local = Scratch()
        swap(&local, &scratch)
        defer { swap(&local, &scratch) }
        _ = normalizer.normalize(text, into: &local.normalized)
        var count = 0
        let normalizedScalars = local.normalized.scalars
        normalizedScalars.withUnsafeBufferPointer { scalars in
            run(scalars, scratch: &local) { _, _, kind in
                if kind != .punctuation { count += 1 }
            }
        }
        return count
    }

    /// Segments already-normalised text, calling `body` with each token's NORMALISED scalar range
    /// (map it back with `normalized.originalRange`) and kind; the allocation-light path for indexing.
    public func segmentNormalized(_ normalized: NormalizedText, into body: (Range<Int>, TokenKind) -> Void) {
        var local = Scratch()
        swap(&local, &scratch)
        defer { swap(&local, &scratch) }
        normalized.scalars.withUnsafeBufferPointer { scalars in
            run(scalars, scratch: &local) { start, end, kind in body(start..<end, kind) }
        }
    }

    /// Segments already-normalised scalar values (as `Normalizer.normalizedScalarValues` gives them),
    /// calling `body(start, end, kind)` for each token in order, whitespace skipped.
    ///
    /// With `parts` (the second form), a Chinese word of four or more characters that the fewest of
    /// the dictionary's words of two or more characters cover exactly (华为公司 = 华为 + 公司) also
    /// gives those words right after the token, `parts(start, end)` for each in order, and a part of
    /// four or more characters its own parts in turn (华为技术有限公司 → 华为技术 + 有限公司, 华为技术
    /// → 华为 + 技术). Words with a one-character remainder (京东方, 东城区, 北京市) give none.
    ///
    /// Why: the index normalises each field once for its bigrams and cuts the same buffer into words,
    /// so both term families share one position space; the parts let a name inside a compound the
    /// dictionary lists stand as a word there (as jieba's search mode does). Values that are no
    /// scalar stop the walk.
    public func segmentScalarValues(_ values: [UInt32], into body: (Int, Int, TokenKind) -> Void) {
        segmentScalarValues(values, withParts: false, parts: { _, _ in }, into: body)
    }

    /// As `segmentScalarValues(_:into:)`, calling `parts` with the parts of each compound too.
    public func segmentScalarValues(
        _ values: [UInt32], parts: (Int, Int) -> Void, into body: (Int, Int, TokenKind) -> Void
    ) {
        segmentScalarValues(values, withParts: true, parts: parts, into: body)
    }

    private func segmentScalarValues(
        _ values: [UInt32], withParts: Bool, parts: (Int, Int) -> Void, into body: (Int, Int, TokenKind) -> Void
    ) {
        guard !values.isEmpty else { return }
        // The walk stops at the first value that is no scalar; the valid prefix is read in place as
        // scalars (Unicode.Scalar is a UInt32 underneath), not copied.
        var valid = 0
        for v in values {
            guard v < 0xD800 || (v > 0xDFFF && v <= 0x10FFFF) else { break }
            valid += 1
        }
        var local = Scratch()
        swap(&local, &scratch)
        defer { swap(&local, &scratch) }
        let dictionary = self.dictionary
        values.withUnsafeBufferPointer { raw in
            guard let base = raw.baseAddress else { return }
            base.withMemoryRebound(to: Unicode.Scalar.self, capacity: valid) { start in
                let buffer = UnsafeBufferPointer(start: start, count: valid)
                guard withParts else {
                    run(buffer, scratch: &local) { start, end, kind in body(start, end, kind) }
                    return
                }
                dictionary.withLookup { lookup in
                    /// The parts of scalars[start..<end], and theirs in turn (华为技术有限公司 → 华为技术 →
                    /// 华为), each right after the part that holds it.
                    func emitParts(_ start: Int, _ end: Int, depth: Int) {
                        guard depth < 3, end - start >= 4 else { return }
                        var cuts: [Int] = []
                        Self.compoundCover(buffer, start, end, lookup: lookup, into: &cuts)
                        var from = start
                        for cut in cuts {
                            parts(from, cut)
                            emitParts(from, cut, depth: depth + 1)
                            from = cut
                        }
                    }
                    run(buffer, scratch: &local) { start, end, kind in
                        body(start, end, kind)
                        guard kind == .word, end - start >= 4, end - start <= Self.longestCompound,
                              Self.isHan(buffer, start, end) else { return }
                        emitParts(start, end, depth: 0)
                    }
                }
            }
        }
    }

    /// Compounds longer than this many characters are not split into parts.
    static let longestCompound = 16

    /// The ends of the fewest dictionary words of two or more characters that exactly cover
    /// scalars[start..<end] without being the whole of it (longer words first on ties); empty when
    /// no such cover exists.
    static func compoundCover(
        _ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int,
        lookup: WordDictionary.Lookup, into cuts: inout [Int]
    ) {
        cuts.removeAll(keepingCapacity: true)
        let n = end - start
        guard n >= 4, n <= longestCompound else { return }
        let none = Int.max
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (n + 1)) { table in
            let fewest = UnsafeMutableBufferPointer(rebasing: table[0...n])
            let next = UnsafeMutableBufferPointer(rebasing: table[(n + 1)...])
            fewest.initialize(repeating: none)
            next.initialize(repeating: 0)
            fewest[n] = 0
            var i = n - 1
            while i >= 0 {
                let position = start + i
                lookup.forEachMatch(in: scalars, from: position, to: end) { length, _ in
                    guard length >= 2, length < n, i + length <= n, fewest[i + length] != none else { return }
                    let count = fewest[i + length] + 1
                    if count < fewest[i] || (count == fewest[i] && i + length > next[i]) {
                        fewest[i] = count
                        next[i] = i + length
                    }
                }
                i -= 1
            }
            guard fewest[0] != none else { return }
            var at = 0
            while at < n {
                at = next[at]
                cuts.append(start + at)
            }
        }
    }

    /// ICU word break alone on `text` (no normalisation, no overlay): the number of segments,
    /// whitespace included. For benchmarks that separate ICU's cost from the rest.
    public func icuSegmentCount(_ text: String) -> Int {
        var units = Array(text.utf16)
        guard !units.isEmpty, units.count < Int(Int32.max) else { return 0 }
        var ends = [Int32](repeating: 0, count: units.count + 1)
        var statuses = [Int32](repeating: 0, count: units.count + 1)
        var status: Int32 = 0
        let count = cicu_wordbreak_segments(
            iterator, &units, Int32(units.count), &ends, &statuses, Int32(ends.count), &status)
        return status > 0 ? 0 : Int(count)
    }

    // MARK: The core

    /// Kinds as stored in scratch (raw values); `skip` marks whitespace.
    private static let kindWord: UInt8 = 0, kindNumber: UInt8 = 1, kindLatin: UInt8 = 2
    private static let kindPunctuation: UInt8 = 3, kindSkip: UInt8 = 255

    @inline(__always)
    static func tokenKind(_ raw: UInt8) -> TokenKind {
        switch raw {
        case kindNumber: return .number
        case kindLatin: return .latin
        case kindPunctuation: return .punctuation
        default: return .word
        }
    }

    /// Segments normalised scalars, calling `emit(start, end, kind)` in order (normalised offsets).
    private func run(
        _ scalars: UnsafeBufferPointer<Unicode.Scalar>, scratch: inout Scratch,
        emit: (Int, Int, TokenKind) -> Void
    ) {
        let n = scalars.count
        guard n > 0 else { return }
        // 1–3. ICU's word break pieces, in scalar offsets, with kinds; whitespace marked to skip.
        pieces(scalars, split: true, scratch: &scratch)
        // 4. Best path over the dictionary in each run of Han pieces; the overlay elsewhere.
        let pieceCount = scratch.pieceStarts.count
        if scratch.boundary.count < n + 1 {
            scratch.boundary = [Bool](repeating: false, count: n + 1)
        } else {
            for k in 0...n { scratch.boundary[k] = false }
        }
        scratch.boundary[0] = true
        for k in 0..<pieceCount { scratch.boundary[Int(scratch.pieceEnds[k])] = true }
        if scratch.best.count < n + 1 {
            scratch.best = [Float](repeating: 0, count: n + 1)
            scratch.next = [Int32](repeating: 0, count: n + 1)
        }
        var merger = TokenMerger()
        let dictionary = self.dictionary
        let hasWords = dictionary.maxLength > 0
        dictionary.withLookup { lookup in
        logProbabilities.withUnsafeBufferPointer { logProbabilities in
        scratch.boundary.withUnsafeBufferPointer { boundary in
            scratch.best.withUnsafeMutableBufferPointer { best in
                scratch.next.withUnsafeMutableBufferPointer { next in
                    var k = 0
                    while k < pieceCount {
                        let kind = scratch.pieceKinds[k]
                        let start = Int(scratch.pieceStarts[k])
                        let end = Int(scratch.pieceEnds[k])
                        if kind == Self.kindSkip {
                            k += 1
                            continue
                        }
                        if Self.isHan(scalars, start, end) {
                            var last = k
                            while last + 1 < pieceCount,
                                  Self.isHan(scalars, Int(scratch.pieceStarts[last + 1]), Int(scratch.pieceEnds[last + 1])) {
                                last += 1
                            }
                            let runEnd = Int(scratch.pieceEnds[last])
                            bestPath(scalars, from: start, to: runEnd, lookup: lookup, logProbabilities: logProbabilities,
                                     boundary: boundary, best: best, next: next)
                            // A unit right after a number goes with the number (5亿 元, not 5 亿元).
                            if merger.takesUnit, merger.kind == .number, merger.end == start,
                               TokenMerger.isUnit(scalars[start].value, afterDigits: true) {
                                next[start] = Int32(truncatingIfNeeded: start + 1)
                            }
                            var position = start
                            while position < runEnd {
                                let stop = max(position + 1, Int(next[position]))
                                merger.push(position, stop, Self.kindWord, scalars, emit)
                                position = stop
                            }
                            k = last + 1
                            continue
                        }
                        let length = hasWords
                            ? dictionary.longestMatch(in: scalars, from: start, to: n) { boundary[start + $0] } : 0
                        if start + length > end {
                            // Join pieces k...j, which end exactly where the word ends.
                            let wordEnd = Int32(start + length)
                            var j = k
                            var merged = kind
                            while j + 1 < pieceCount, scratch.pieceEnds[j] < wordEnd {
                                j += 1
                                let following = scratch.pieceKinds[j]
                                if following == Self.kindWord || (following != merged && following != Self.kindSkip) {
                                    merged = Self.kindWord
                                }
                            }
                            merger.push(start, start + length, merged, scalars, emit)
                            k = j + 1
                        } else {
                            merger.push(start, end, kind, scalars, emit)
                            k += 1
                        }
                    }
                }
            }
        }
        }
        }
        merger.flush(emit)
    }

    /// Sets scratch's pieces to ICU's word break of `scalars`: from the Han table when `split` and
    /// the text allows it (the same pieces), else from ICU alone.
    private func pieces(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, split: Bool, scratch: inout Scratch) {
        scratch.pieceStarts.removeAll(keepingCapacity: true)
        scratch.pieceEnds.removeAll(keepingCapacity: true)
        scratch.pieceKinds.removeAll(keepingCapacity: true)
        if split, let han = hanBreaks, han.canSplit(scalars) {
            appendSplitPieces(scalars, han: han, scratch: &scratch)
        } else {
            appendICUPieces(scalars, 0, scalars.count, scratch: &scratch)
        }
    }

    /// Appends ICU's word break pieces of scalars[lo..<hi] (one ICU call), offsets in `scalars`.
    private func appendICUPieces(
        _ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ lo: Int, _ hi: Int, scratch: inout Scratch
    ) {
        guard lo < hi, hi <= scalars.count else { return }
        // UTF-16 for ICU (and a UTF-16 → scalar offset map when there are surrogate pairs).
        scratch.utf16.removeAll(keepingCapacity: true)
        scratch.utf16.reserveCapacity(hi - lo + 8)
        var hasPairs = false
        for k in lo..<hi {
            let v = scalars[k].value
            if v < 0x10000 {
                scratch.utf16.append(UInt16(truncatingIfNeeded: v))
            } else {
                hasPairs = true
                let w = v - 0x10000
                scratch.utf16.append(UInt16(truncatingIfNeeded: 0xD800 + (w >> 10)))
                scratch.utf16.append(UInt16(truncatingIfNeeded: 0xDC00 + (w & 0x3FF)))
            }
        }
        let unitCount = scratch.utf16.count
        guard unitCount < Int(Int32.max) else {
            // Beyond ICU's 32-bit offsets: split by character class instead of crashing.
            Self.fallbackPieces(scalars, lo, hi, into: &scratch)
            return
        }
        if hasPairs {
            scratch.utf16ToScalar.removeAll(keepingCapacity: true)
            scratch.utf16ToScalar.reserveCapacity(unitCount + 1)
            for k in lo..<hi {
                scratch.utf16ToScalar.append(Int32(truncatingIfNeeded: k))
                if scalars[k].value >= 0x10000 { scratch.utf16ToScalar.append(Int32(truncatingIfNeeded: k)) }
            }
            scratch.utf16ToScalar.append(Int32(truncatingIfNeeded: hi))
        }
        // ICU word break in one call.
        let capacity = unitCount + 1
        if scratch.ends.count < capacity {
            scratch.ends = [Int32](repeating: 0, count: capacity)
            scratch.statuses = [Int32](repeating: 0, count: capacity)
        }
        var status: Int32 = 0
        let segmentCount: Int = scratch.utf16.withUnsafeBufferPointer { units in
            scratch.ends.withUnsafeMutableBufferPointer { ends in
                scratch.statuses.withUnsafeMutableBufferPointer { statuses in
                    guard let unitBase = units.baseAddress, let endBase = ends.baseAddress,
                          let statusBase = statuses.baseAddress else { return 0 }
                    return Int(cicu_wordbreak_segments(
                        iterator, unitBase, Int32(unitCount), endBase, statusBase, Int32(capacity), &status))
                }
            }
        }
        if status > 0 || segmentCount == 0 {
            // ICU failed on this text: fall back to one piece per scalar run of the same class.
            Self.fallbackPieces(scalars, lo, hi, into: &scratch)
            return
        }
        var previous = Int32(truncatingIfNeeded: lo)
        for k in 0..<segmentCount {
            let endUnit = Int(scratch.ends[k])
            let end = hasPairs ? scratch.utf16ToScalar[min(max(endUnit, 0), unitCount)]
                               : Int32(truncatingIfNeeded: lo + min(max(endUnit, 0), unitCount))
            if end <= previous { continue }
            let kind = Self.classify(scalars, Int(previous), Int(end), status: scratch.statuses[k])
            scratch.pieceStarts.append(previous)
            scratch.pieceEnds.append(end)
            scratch.pieceKinds.append(kind)
            previous = end
        }
        if Int(previous) < hi {
            scratch.pieceStarts.append(previous)
            scratch.pieceEnds.append(Int32(truncatingIfNeeded: hi))
            scratch.pieceKinds.append(Self.classify(scalars, Int(previous), hi, status: 0))
        }
    }

    /// Appends the pieces ICU's word break would give `scalars` (which `han.canSplit`), asking ICU
    /// only for the text between runs of ideographs and splitting the runs with `han`.
    private func appendSplitPieces(
        _ scalars: UnsafeBufferPointer<Unicode.Scalar>, han: HanDictionaryBreak, scratch: inout Scratch
    ) {
        let n = scalars.count
        var cost = scratch.hanCost, from = scratch.hanFrom
        scratch.hanCost = []
        scratch.hanFrom = []
        defer {
            scratch.hanCost = cost
            scratch.hanFrom = from
        }
        if cost.count < n + 1 {
            cost = [UInt32](repeating: 0, count: n + 1)
            from = [Int32](repeating: 0, count: n + 1)
        }
        han.withTables { tables in
            cost.withUnsafeMutableBufferPointer { cost in
                from.withUnsafeMutableBufferPointer { from in
                    var i = 0
                    while i < n {
                        var j = i + 1
                        if tables.splits(scalars[i].value) {
                            while j < n, tables.splits(scalars[j].value) { j += 1 }
                            var pieceStart = Int32(truncatingIfNeeded: i)
                            tables.breakRun(scalars, i, j, cost: cost, from: from) { end in
                                let e = Int32(truncatingIfNeeded: end)
                                scratch.pieceStarts.append(pieceStart)
                                scratch.pieceEnds.append(e)
                                scratch.pieceKinds.append(Self.kindWord)
                                pieceStart = e
                            }
                        } else {
                            while j < n, !tables.splits(scalars[j].value) { j += 1 }
                            let v = scalars[i].value
                            if j == i + 1, v < 0x10000, tables.singleStatus[Int(v)] != HanDictionaryBreak.unknownStatus {
                                scratch.pieceStarts.append(Int32(truncatingIfNeeded: i))
                                scratch.pieceEnds.append(Int32(truncatingIfNeeded: j))
                                scratch.pieceKinds.append(Self.classify(scalars, i, j, status: Int32(tables.singleStatus[Int(v)])))
                            } else {
                                appendICUPieces(scalars, i, j, scratch: &scratch)
                            }
                        }
                        i = j
                    }
                }
            }
        }
    }

    /// ICU's word break pieces of normalised `values` (start, end, kind raw value), from the Han
    /// table when `split` and the text allows it, else from ICU alone. For tests comparing the two.
    func icuPieces(_ values: [UInt32], split: Bool) -> [(start: Int, end: Int, kind: UInt8)] {
        var scalars: [Unicode.Scalar] = []
        for v in values {
            guard let s = Unicode.Scalar(v) else { break }
            scalars.append(s)
        }
        var local = Scratch()
        scalars.withUnsafeBufferPointer { pieces($0, split: split, scratch: &local) }
        return (0..<local.pieceStarts.count).map {
            (Int(local.pieceStarts[$0]), Int(local.pieceEnds[$0]), local.pieceKinds[$0])
        }
    }

    /// The most probable split of the Han run scalars[start..<end] (jieba's unigram best path):
    /// `next[i]` is where the word starting at i ends. A word whose two edges are ICU boundaries
    /// gains `icuBonus`; a run of Chinese digits (一九九八, 二〇〇一) with its 年 is one word.
    private func bestPath(
        _ scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, to end: Int,
        lookup: WordDictionary.Lookup, logProbabilities: UnsafeBufferPointer<Float>,
        boundary: UnsafeBufferPointer<Bool>, best: UnsafeMutableBufferPointer<Float>,
        next: UnsafeMutableBufferPointer<Int32>
    ) {
        let bonus = Self.icuBonus
        let unknown = unknownLogProbability
        best[end] = 0
        var digitRunEnd = -1
        let icuWord = unknown + Self.icuPieceLogRatio + bonus
        do {
            var pieceEnd = end
            var i = end - 1
            while i >= start {
                let position = i
                // The walk goes right to left: start loading the slot of the two-character prefix a
                // few positions on, so its cache miss overlaps this position's work.
                if position - 3 >= start { Self.prefetchPrefix(lookup, scalars, position - 3) }
                if boundary[position + 1] { pieceEnd = position + 1 }
                var score = unknown + best[position + 1]
                var stop = position + 1
                // ICU's own word stands too, as a rare word, where the dictionary does not know it.
                if boundary[position], pieceEnd - position >= 2, icuWord + best[pieceEnd] > score {
                    score = icuWord + best[pieceEnd]
                    stop = pieceEnd
                }
                lookup.forEachMatch(in: scalars, from: position, to: end) { length, word in
                    let wordEnd = position + length
                    guard word < logProbabilities.count else { return }
                    let candidate = logProbabilities[word]
                        + (length > 1 && boundary[position] && boundary[wordEnd] ? bonus : 0) + best[wordEnd]
                    if candidate > score {
                        score = candidate
                        stop = wordEnd
                    }
                }
                // Chinese digits: a run of three or more, or of two with 〇, reads as one number.
                if Self.isChineseDigit(scalars[position].value) {
                    if digitRunEnd < 0 { digitRunEnd = position + 1 }
                    let length = digitRunEnd - position
                    let isRunStart = position == start || !Self.isChineseDigit(scalars[position - 1].value)
                    if isRunStart, length >= 3 || (length == 2 && (Self.isZero(scalars[position].value)
                                                               || Self.isZero(scalars[position + 1].value))) {
                        var numberEnd = digitRunEnd
                        if numberEnd < end, scalars[numberEnd].value == 0x5E74 { numberEnd += 1 }  // 年
                        score = best[numberEnd]
                        stop = numberEnd
                    }
                } else {
                    digitRunEnd = -1
                }
                best[position] = score
                next[position] = Int32(truncatingIfNeeded: stop)
                i -= 1
            }
        }
    }

    /// Starts loading the dictionary slot that `forEachMatch` probes first for the two scalars at
    /// `position` (a hint: results do not depend on it).
    @inline(__always)
    static func prefetchPrefix(_ lookup: WordDictionary.Lookup, _ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ position: Int) {
        guard position >= 0, position + 1 < scalars.count, let base = lookup.slots.baseAddress else { return }
        let hash = WordDictionary.step(WordDictionary.step(WordDictionary.basis, scalars[position].value), scalars[position + 1].value)
        cicu_prefetch(base + WordDictionary.slot(WordDictionary.key(hash), mask: lookup.slots.count - 1))
    }

    /// Log-probability bonus of a word of two or more characters on two ICU boundaries (e^3 ≈ 20
    /// times likelier): ICU's own dictionary is a second opinion that keeps a rare gazetteer name
    /// from cutting common words. Single characters get none: where ICU knows no word it cuts every
    /// character, and a bonus per piece would then pay the split (华/为) over the name (华为).
    static let icuBonus: Float = 3
    /// The frequency given to words without one (gazetteer names, curated words): a rare word's.
    static let defaultFrequency: Float = 3
    /// An ICU word the dictionary lacks counts as frequency 0.1 (log 0.1 over an unknown character's 1).
    static let icuPieceLogRatio: Float = -2.302_585
    /// The model's corpus size is at least this many words, so a short word list's words stay rare.
    static let minimumTotal: Double = 10_000_000

    @inline(__always)
    static func isChineseDigit(_ v: UInt32) -> Bool {
        switch v {
        case 0x3007, 0x25CB, 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D: return true
        default: return false
        }
    }

    @inline(__always)
    static func isZero(_ v: UInt32) -> Bool { v == 0x3007 || v == 0x25CB || v == 0x96F6 }

    /// True when every scalar of scalars[start..<end] is a Han ideograph (or 〇/○, the written zero).
    @inline(__always)
    static func isHan(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> Bool {
        guard start < end else { return false }
        for k in start..<end {
            let v = scalars[k].value
            let han = (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x20000 && v <= 0x3134F)
                || (v >= 0xF900 && v <= 0xFAFF) || v == 0x3007 || v == 0x25CB
            if !han { return false }
        }
        return true
    }

    /// Joins adjacent tokens the word break leaves apart: a number and its unit (2000年, 12月,
    /// 3.5亿, 30%), Chinese numerals and 年/月/日 (三十一日), and repeated punctuation (——, ……).
    struct TokenMerger {
        var start = -1, end = -1
        var kind = TokenKind.word
        /// The pending token may still take a unit (a bare number).
        var takesUnit = false

        mutating func push(
            _ newStart: Int, _ newEnd: Int, _ newKind: UInt8,
            _ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ emit: (Int, Int, TokenKind) -> Void
        ) {
            let tokenKind = Segmenter.tokenKind(newKind)
            if start >= 0 && end == newStart {
                if takesUnit, newEnd - newStart == 1, Self.isUnit(scalars[newStart].value, afterDigits: kind == .number) {
                    end = newEnd
                    takesUnit = false
                    return
                }
                if kind == .punctuation, tokenKind == .punctuation, Self.repeats(scalars, start, end, newStart, newEnd) {
                    end = newEnd
                    return
                }
            }
            flush(emit)
            start = newStart
            end = newEnd
            kind = tokenKind
            takesUnit = tokenKind == .number || (tokenKind == .word && Self.isChineseNumber(scalars, newStart, newEnd))
        }

        mutating func flush(_ emit: (Int, Int, TokenKind) -> Void) {
            if start >= 0 { emit(start, end, kind) }
            start = -1
        }

        /// 年 月 日 时 分 秒 after any number; 万 亿 % ‰ only after digits.
        static func isUnit(_ v: UInt32, afterDigits: Bool) -> Bool {
            switch v {
            case 0x5E74, 0x6708, 0x65E5: return true                     // 年 月 日
            case 0x65F6, 0x5206, 0x79D2, 0x4E07, 0x4EBF, 0x25, 0x2030:  // 时 分 秒 万 亿 % ‰
                return afterDigits
            default: return false
            }
        }

        /// True when scalars[start..<end] is all Chinese numerals (一…九, 〇, 零, 十, 百, 千, 两).
        static func isChineseNumber(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> Bool {
            for k in start..<end {
                let v = scalars[k].value
                if Segmenter.isChineseDigit(v) || v == 0x5341 || v == 0x767E || v == 0x5343 || v == 0x4E24 { continue }
                return false
            }
            return true
        }

        /// True when both tokens are the same single scalar repeated (— then —, . then .).
        static func repeats(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Bool {
            let first = scalars[a].value
            guard first == 0x2014 || first == 0x2026 || first == 0x2E || first == 0x2500 else { return false }
            for k in a..<b where scalars[k].value != first { return false }
            for k in c..<d where scalars[k].value != first { return false }
            return true
        }
    }

    /// The kind of scalars[start..<end] from ICU's rule status (whitespace → skip).
    @inline(__always)
    private static func classify(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int, status: Int32) -> UInt8 {
        switch status {
        case 100..<200:
            for k in start..<end {
                let v = scalars[k].value
                if (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) { return kindLatin }
                if v >= 0x80, scalars[k].properties.isAlphabetic { return kindLatin }
            }
            return kindNumber
        case 200..<300:
            return kindLatin
        case 300...:
            return kindWord
        default:
            for k in start..<end where !isWhitespace(scalars[k]) { return kindPunctuation }
            return kindSkip
        }
    }

    @inline(__always)
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v == 0x20 || (v >= 0x09 && v <= 0x0D) { return true }
        if v < 0x80 { return false }
        return scalar.properties.isWhitespace || v == 0x200B || v == 0xFEFF
    }

    /// Pieces without ICU: runs of ideographs, of digits, of letters, single others; whitespace skipped.
    private static func fallbackPieces(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ lo: Int, _ hi: Int, into scratch: inout Scratch) {
        func kindOf(_ scalar: Unicode.Scalar) -> UInt8 {
            if isWhitespace(scalar) { return kindSkip }
            if scalar.properties.numericType != nil, scalar.value < 0x3000 { return kindNumber }
            if scalar.properties.isIdeographic { return kindWord }
            if scalar.properties.isAlphabetic { return kindLatin }
            return kindPunctuation
        }
        var k = lo
        while k < hi {
            let kind = kindOf(scalars[k])
            var end = k + 1
            if kind != kindPunctuation && kind != kindWord {
                while end < hi, kindOf(scalars[end]) == kind { end += 1 }
            }
            scratch.pieceStarts.append(Int32(truncatingIfNeeded: k))
            scratch.pieceEnds.append(Int32(truncatingIfNeeded: end))
            scratch.pieceKinds.append(kind)
            k = end
        }
    }
}
