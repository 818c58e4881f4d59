import ChineseText

/// Where a snippet may begin or end: between grapheme clusters (what a reader sees as one character: a letter
/// with its combining marks, a flag, an emoji sequence) and between words, never inside a match.
///
/// Why: a window counted in scalars cuts 推进 to 进 and splits 🇨🇳 into two letters. Words are ICU's word
/// boundaries (locale zh, the segmenter without a dictionary overlay), computed on a few dozen scalars around
/// each edge only, so a snippet costs one small segmentation per edge rather than one of the whole article.
/// Not Sendable (it holds a segmenter): one per snippet, the segmenter shared by the snippets of a page.
final class SnippetBoundaries {
    private let scalars: [Unicode.Scalar]
    private let clusters: [Range<Int>]
    private let segmenter: Segmenter?

    /// How far, in scalars, an edge may move to reach a word boundary before word boundaries give way.
    let stretch: Int

    /// Boundaries of `scalars`, where the (sorted, disjoint) `clusters` must never be cut; an edge moves at most
    /// `stretch` scalars to reach a word boundary; `words` finds words (nil: only Latin words are kept whole).
    init(scalars: [Unicode.Scalar], clusters: [Range<Int>], stretch: Int, words: Segmenter?) {
        self.scalars = scalars
        self.clusters = clusters
        self.stretch = max(1, stretch)
        segmenter = words
    }

    /// What is known around one edge: for each offset of `lower...upper`, whether it is a grapheme boundary
    /// and whether it lies outside every word. Offsets at `lower` and `upper` are known only at the text's ends.
    struct Region {
        var lower: Int
        var upper: Int
        var grapheme: [Bool]
        var outsideWords: [Bool]
    }

    /// True where a scalar ends any word and any grapheme cluster: whitespace and common punctuation, so a region
    /// cut there is segmented as the whole text is.
    private static func isHardBreak(_ c: Unicode.Scalar) -> Bool {
        if c.properties.isWhitespace { return true }
        switch c {
        case "。", "，", "、", "；", "：", "！", "？", "「", "」", "『", "』", "（", "）", "【", "】", "《", "》", "“", "”",
             ".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "\"":
            return true
        default:
            return false
        }
    }

    /// Computes at once the region holding both edges of a window (`lower` and `upper` ± `radius`),
    /// so the two snaps that follow share one segmentation.
    func prepare(lower: Int, upper: Int, radius: Int) {
        let middle = (lower + upper) / 2
        let reach = (upper - lower + 1) / 2 + radius
        _ = region(around: middle, radius: reach)
    }

    /// The last region computed, reused when a later question falls well inside it.
    private var lastRegion: Region?

    /// The region of `p ± radius`, widened (up to `radius` more on each side) to a hard break; a
    /// region already computed that covers `p ± radius` (or reaches the text's ends) serves instead.
    func region(around p: Int, radius: Int) -> Region {
        if let last = lastRegion,
           (last.lower == 0 || last.lower <= p - radius), (last.upper == scalars.count || last.upper >= p + radius) {
            return last
        }
        let fresh = computeRegion(around: p, radius: radius)
        lastRegion = fresh
        return fresh
    }

    /// True when every scalar of `lower..<upper` is one that never joins a grapheme cluster with its
    /// neighbours (ASCII and Latin-1 but CR, CJK punctuation and ideographs, full-width forms): then
    /// every offset is a grapheme boundary. The common case for Chinese news; anything else (marks,
    /// emoji, flags, prepended signs, CR LF) takes Unicode's full rules.
    private func allSingleScalarClusters(_ lower: Int, _ upper: Int) -> Bool {
        for i in lower..<upper {
            let v = scalars[i].value
            if (v < 0x300 && v != 0x0D) || (v >= 0x3000 && v <= 0x9FFF) || (v >= 0xFF00 && v <= 0xFFEF) { continue }
            return false
        }
        return true
    }

    private func computeRegion(around p: Int, radius: Int) -> Region {
        let n = scalars.count
        var lower = max(0, p - radius)
        let lowerLimit = max(0, lower - radius)
        while lower > lowerLimit, !Self.isHardBreak(scalars[lower - 1]) { lower -= 1 }
        // Start where a grapheme cluster surely starts: clustering a run of flags depends on where it starts.
        while lower > 0, Self.mayContinueCluster(scalars[lower - 1], scalars[lower]) { lower -= 1 }
        var upper = min(n, p + radius)
        let upperLimit = min(n, upper + radius)
        while upper < upperLimit, !Self.isHardBreak(scalars[upper]) { upper += 1 }
        let count = upper - lower
        var grapheme: [Bool]
        if allSingleScalarClusters(lower, upper) {
            grapheme = [Bool](repeating: true, count: count + 1)
        } else {
            grapheme = [Bool](repeating: false, count: count + 1)
            var offset = 0
            grapheme[0] = true
            for character in String(String.UnicodeScalarView(scalars[lower..<upper])) {
                offset += character.unicodeScalars.count
                if offset <= count { grapheme[offset] = true }
            }
        }
        var outsideWords = [Bool](repeating: true, count: count + 1)
        if let segmenter {
            // ICU's words over the scalars as written (no token strings are built).
            segmenter.segmentScalarValues(scalars[lower..<upper].map(\.value)) { start, end, _ in
                guard end - start > 1 else { return }
                let from = max(1, start + 1)
                let to = min(count, end)
                if from < to { for i in from..<to { outsideWords[i] = false } }
            }
        } else {
            // No ICU word data: at least Latin letters and digits stay whole.
            for i in 1..<max(1, count) where Self.isLatinWord(scalars[lower + i - 1]) && Self.isLatinWord(scalars[lower + i]) {
                outsideWords[i] = false
            }
        }
        return Region(lower: lower, upper: upper, grapheme: grapheme, outsideWords: outsideWords)
    }

    /// True when a grapheme cluster may run on from `previous` into `next`: marks, joiners, variation selectors,
    /// emoji modifiers and tags, regional indicators (flags are pairs), Hangul jamo.
    private static func mayContinueCluster(_ previous: Unicode.Scalar, _ next: Unicode.Scalar) -> Bool {
        func isRegionalIndicator(_ c: Unicode.Scalar) -> Bool { (0x1F1E6...0x1F1FF).contains(c.value) }
        if previous.value == 0x200D || isRegionalIndicator(previous) || isRegionalIndicator(next) { return true }
        switch next.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: break
        }
        switch next.value {
        case 0x200C, 0x200D, 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF, 0xE0020...0xE007F, 0xE0100...0xE01EF: return true
        case 0x1160...0x11FF, 0xD7B0...0xD7FF: return true
        default: break
        }
        return (0x1100...0x115F).contains(previous.value) || (0xA960...0xA97F).contains(previous.value)
    }

    /// ASCII letters and digits: what a Latin word or number is made of.
    private static func isLatinWord(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c))
    }

    /// True when `p` is strictly inside a match cluster.
    private func insideCluster(_ p: Int) -> Bool {
        // The clusters are sorted and disjoint: the last one starting before `p` is the only candidate.
        var low = 0
        var high = clusters.count
        while low < high {
            let middle = (low + high) / 2
            if clusters[middle].lowerBound < p { low = middle + 1 } else { high = middle }
        }
        return low > 0 && p < clusters[low - 1].upperBound
    }

    /// True when `region` knows `p` is a grapheme boundary (the text's ends always are).
    private func isGraphemeBoundary(_ p: Int, _ region: Region) -> Bool {
        if p == 0 || p == scalars.count { return true }
        guard p > region.lower, p < region.upper else { return false }
        return region.grapheme[p - region.lower]
    }

    /// True when `region` knows `p` lies outside every word (the text's ends always do).
    private func isWordBoundary(_ p: Int, _ region: Region) -> Bool {
        if p == 0 || p == scalars.count { return true }
        guard p > region.lower, p < region.upper else { return false }
        return region.outsideWords[p - region.lower]
    }

    /// True when `p` is a boundary without segmenting: the text's ends, or beside whitespace or
    /// punctuation that ends any word and cluster (never inside CR LF, a match, or before a mark).
    ///
    /// Why: most snippets start after a sentence or clause mark and end before one; only the others
    /// need ICU's words around their edges.
    func isEvidentBoundary(_ p: Int) -> Bool {
        let n = scalars.count
        guard p >= 0, p <= n, !insideCluster(p) else { return false }
        if p == 0 || p == n { return true }
        let previous = scalars[p - 1], next = scalars[p]
        guard Self.isHardBreak(previous) || Self.isHardBreak(next) else { return false }
        if previous == "\r" && next == "\n" { return false }
        return !Self.mayContinueCluster(previous, next)
    }

    /// True when `p` is a grapheme boundary outside every word and every match.
    func isClean(_ p: Int) -> Bool {
        guard p >= 0, p <= scalars.count else { return false }
        if isEvidentBoundary(p) { return true }
        let region = region(around: p, radius: 24)
        return !insideCluster(p) && isGraphemeBoundary(p, region) && isWordBoundary(p, region)
    }

    /// The offset nearest to `p` in `limits` that is a grapheme boundary outside every word and every match,
    /// ties going later when `preferLater`; failing that within `stretch`, the nearest grapheme boundary outside
    /// every match going outwards (later when `outwardIsLater`, else earlier), however far: the text's ends
    /// always qualify, so the search ends.
    func snap(_ p: Int, limits: ClosedRange<Int>, preferLater: Bool, outwardIsLater: Bool) -> Int {
        let n = scalars.count
        let p = min(max(p, 0), n)
        if limits.contains(p), isEvidentBoundary(p) { return p }
        let region = region(around: p, radius: stretch + 24)
        func fits(_ q: Int) -> Bool {
            limits.contains(q) && !insideCluster(q) && isGraphemeBoundary(q, region) && isWordBoundary(q, region)
        }
        if fits(p) { return p }
        for distance in 1...stretch {
            let first = preferLater ? p + distance : p - distance
            let second = preferLater ? p - distance : p + distance
            if fits(first) { return first }
            if fits(second) { return second }
        }
        // No word boundary close by (a long Latin run, a long name): keep whole grapheme clusters at least.
        var radius = stretch + 24
        var q = p
        while true {
            let wide = self.region(around: q, radius: radius)
            while q >= wide.lower && q <= wide.upper {
                if q == 0 || q == n { return q }
                if !insideCluster(q) && isGraphemeBoundary(q, wide) { return q }
                q += outwardIsLater ? 1 : -1
            }
            q -= outwardIsLater ? 1 : -1
            radius *= 2
        }
    }
}
