import ChineseText

// Snippets: the passage of an article a hit shows, with its matches marked.

/// A passage of an article's text with the query matches inside it.
///
/// `text` is exactly the article's scalars `start..<end` (newlines included), so every offset is exact;
/// renderers that need one line can use `singleLineText`, which keeps the scalar count.
public struct Snippet: Sendable, Hashable, Codable {
    /// The passage: an exact substring of the article text.
    public var text: String
    /// Scalar offset of the passage in the article text.
    public var start: Int
    /// Scalar offset just past the passage in the article text.
    public var end: Int
    /// Absolute scalar ranges (in the article text) of the matches inside the passage: clipped to
    /// `start..<end`, sorted, overlapping matches merged.
    public var highlights: [Range<Int>]

    /// Makes a snippet from its parts (no checks: the builder is the usual source).
    public init(text: String, start: Int, end: Int, highlights: [Range<Int>]) {
        self.text = text
        self.start = start
        self.end = end
        self.highlights = highlights
    }

    /// `text` with each line or paragraph break and tab replaced by one space: same scalar count, same offsets.
    public var singleLineText: String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\t", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": out.append(" ")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// The highlights relative to the start of `text` (for slicing `text` itself).
    public var relativeHighlights: [Range<Int>] {
        highlights.map { ($0.lowerBound - start)..<($0.upperBound - start) }
    }
}

/// Chooses the snippet of a hit: about `width` scalars around the passage with the most matches.
///
/// The window holds the most distinct matches (then the most matches, then comes earliest); it is then
/// widened to about `width` with context, starting after a sentence or paragraph break when one is
/// close, never cutting a match and never a grapheme cluster (a letter and its marks, a flag, an emoji
/// sequence), and never starting or ending inside a word (ICU's word boundaries, Chinese included) unless no
/// word boundary lies within `width / 8` scalars.
/// Matches are "distinct" by their text, or by the term they belong to with `snippet(of:matchesByTerm:)`.
public struct SnippetBuilder: Sendable {
    /// Target length of a snippet in scalars (at least 1).
    public var width: Int

    /// Makes a builder for snippets of about `width` scalars (values below 1 count as 1).
    public init(width: Int = 80) {
        self.width = max(1, width)
    }

    /// The snippet of `text` for `matches` (scalar ranges into `text`; out-of-range parts are ignored).
    public func snippet(of text: String, matches: [Range<Int>]) -> Snippet {
        snippet(scalars: Array(text.unicodeScalars), matches: matches)
    }

    /// The snippet of `text` where `matchesByTerm[i]` are the matches of the query's i-th term.
    public func snippet(of text: String, matchesByTerm: [[Range<Int>]]) -> Snippet {
        snippet(scalars: Array(text.unicodeScalars), matchesByTerm: matchesByTerm)
    }

    /// The snippet of a text given as scalars; distinct matches are those with different text.
    public func snippet(scalars: [Unicode.Scalar], matches: [Range<Int>]) -> Snippet {
        var keyOf: [ArraySlice<Unicode.Scalar>: Int] = [:]
        var keyed: [KeyedMatch] = []
        keyed.reserveCapacity(matches.count)
        for range in matches {
            guard let clipped = SnippetBuilder.clip(range, scalars.count) else { continue }
            let content = scalars[clipped]
            let key: Int
            if let known = keyOf[content] {
                key = known
            } else {
                key = keyOf.count
                keyOf[content] = key
            }
            keyed.append(KeyedMatch(range: clipped, key: key))
        }
        return build(scalars, keyed, words: Self.wordBreaker())
    }

    /// The snippet of a text given as scalars, with matches grouped by query term.
    public func snippet(scalars: [Unicode.Scalar], matchesByTerm: [[Range<Int>]]) -> Snippet {
        snippet(scalars: scalars, matchesByTerm: matchesByTerm, words: Self.wordBreaker())
    }

    /// A segmenter without dictionary overlay (ICU's word boundaries), or nil when ICU's word data is missing.
    static func wordBreaker() -> Segmenter? {
        try? Segmenter(dictionary: WordDictionary())
    }

    /// As `snippet(scalars:matchesByTerm:)`, with `words` finding word boundaries (one segmenter serves many
    /// snippets; nil keeps only Latin words whole).
    func snippet(scalars: [Unicode.Scalar], matchesByTerm: [[Range<Int>]], words: @autoclosure () -> Segmenter?) -> Snippet {
        var keyed: [KeyedMatch] = []
        for (key, ranges) in matchesByTerm.enumerated() {
            for range in ranges {
                guard let clipped = SnippetBuilder.clip(range, scalars.count) else { continue }
                keyed.append(KeyedMatch(range: clipped, key: key))
            }
        }
        return build(scalars, keyed, words: words())
    }

    // MARK: - Implementation

    struct KeyedMatch {
        var range: Range<Int>
        var key: Int
    }

    static func clip(_ range: Range<Int>, _ count: Int) -> Range<Int>? {
        let lower = max(0, range.lowerBound)
        let upper = min(count, range.upperBound)
        return lower < upper ? lower..<upper : nil
    }

    private func build(_ scalars: [Unicode.Scalar], _ unsorted: [KeyedMatch], words: @autoclosure () -> Segmenter?) -> Snippet {
        let n = scalars.count
        let matches = unsorted.sorted {
            $0.range.lowerBound != $1.range.lowerBound
                ? $0.range.lowerBound < $1.range.lowerBound : $0.range.upperBound < $1.range.upperBound
        }
        // Overlapping matches merged: the units that must never be cut, and the highlights.
        var clusters: [Range<Int>] = []
        for match in matches {
            if let last = clusters.last, match.range.lowerBound < last.upperBound {
                clusters[clusters.count - 1] = last.lowerBound..<max(last.upperBound, match.range.upperBound)
            } else {
                clusters.append(match.range)
            }
        }
        let window: Range<Int>
        if n <= width {
            window = 0..<n
        } else {
            let span = bestSpan(matches) ?? 0..<0
            window = place(span, scalars, clusters, words: words())
        }
        var highlights: [Range<Int>] = []
        for cluster in clusters where cluster.upperBound > window.lowerBound && cluster.lowerBound < window.upperBound {
            highlights.append(max(cluster.lowerBound, window.lowerBound)..<min(cluster.upperBound, window.upperBound))
        }
        return Snippet(
            text: String(String.UnicodeScalarView(scalars[window])),
            start: window.lowerBound, end: window.upperBound, highlights: highlights)
    }

    /// The extent of the best group of matches fitting in `width`: most distinct keys, then most
    /// matches, then earliest. A single match longer than `width` is a group of its own.
    private func bestSpan(_ matches: [KeyedMatch]) -> Range<Int>? {
        guard !matches.isEmpty else { return nil }
        var best: (distinct: Int, count: Int, span: Range<Int>)?
        // Per key, the window (by its first match) that last counted it; keys are small and dense.
        var seen = [Int](repeating: -1, count: (matches.map(\.key).max() ?? 0) + 1)
        for i in matches.indices {
            let windowStart = matches[i].range.lowerBound
            let windowEnd = windowStart + width
            var distinct = 0
            var count = 0
            var spanEnd = matches[i].range.upperBound
            var j = i
            while j < matches.count, matches[j].range.lowerBound < windowEnd {
                let m = matches[j]
                if m.range.upperBound <= windowEnd || j == i {
                    count += 1
                    spanEnd = max(spanEnd, m.range.upperBound)
                    if seen[m.key] != i {
                        seen[m.key] = i
                        distinct += 1
                    }
                }
                j += 1
            }
            if let current = best, (distinct, count) <= (current.distinct, current.count) { continue }
            best = (distinct, count, windowStart..<spanEnd)
        }
        return best?.span
    }

    /// Widens `span` (the matches to show) to a window of about `width` scalars of `scalars`.
    private func place(_ span: Range<Int>, _ s: [Unicode.Scalar], _ clusters: [Range<Int>], words: Segmenter?) -> Range<Int> {
        let n = s.count
        let slack = max(0, width - span.count)
        let hi = span.lowerBound
        let lo = min(max(0, span.upperBound - width), hi)
        // Some context before the matches, more after; near the end of the text, use the full width.
        var start = max(lo, min(span.lowerBound - slack / 3, n - width, hi))
        start = max(0, start)
        let tolerance = max(4, width / 4)
        let near = max(3, width / 8)
        if let sentence = nearest(to: start, in: max(lo, start - tolerance)...min(hi, start + tolerance), s, where: SnippetBuilder.isSentenceStart) {
            start = sentence
        } else if let clause = nearest(to: start, in: max(lo, start - near)...min(hi, start + near), s, where: SnippetBuilder.isClauseStart) {
            start = clause
        } else {
            start = wordBoundaryForward(start, limit: min(hi, start + 12), s)
        }
        // No leading blanks, and no leading punctuation that belongs to the text before.
        while start < hi, s[start].properties.isWhitespace || SnippetBuilder.isTrailingPunctuation(s[start]) { start += 1 }
        if let cut = clusters.first(where: { $0.lowerBound < start && start < $0.upperBound }) {
            start = (cut.lowerBound >= lo || cut.upperBound > hi) ? cut.lowerBound : cut.upperBound
        }

        var end = min(n, max(start + width, span.upperBound))
        if end < n {
            let floor = max(span.upperBound, end - max(4, width / 5))
            let clauseFloor = max(span.upperBound, end - max(3, width / 8))
            if let sentenceEnd = last(in: floor...end, s, where: SnippetBuilder.isSentenceStart) {
                end = sentenceEnd
            } else if clauseFloor <= end, let clauseEnd = last(in: clauseFloor...end, s, where: SnippetBuilder.isClauseStart) {
                end = clauseEnd
            } else {
                end = wordBoundaryBackward(end, limit: max(span.upperBound, end - 12), s)
            }
        }
        while end > span.upperBound, end > start, s[end - 1].properties.isWhitespace { end -= 1 }
        if let cut = clusters.first(where: { $0.lowerBound < end && end < $0.upperBound }) {
            end = (cut.lowerBound < span.upperBound || cut.upperBound - end <= max(4, width / 8))
                ? cut.upperBound : cut.lowerBound
        }

        // Both edges on grapheme and word boundaries: the nearest within a few scalars (a cut word is kept whole
        // rather than dropped), else the nearest grapheme boundary outwards.
        let edges = SnippetBoundaries(scalars: s, clusters: clusters, stretch: max(2, width / 8), words: words)
        if !edges.isEvidentBoundary(start) && !edges.isEvidentBoundary(end) {
            edges.prepare(lower: start, upper: end, radius: max(2, width / 8) + 24)
        }
        let snappedStart = edges.snap(start, limits: 0...max(start, hi), preferLater: false, outwardIsLater: false)
        start = snappedStart
        while start < hi, s[start].properties.isWhitespace || SnippetBuilder.isTrailingPunctuation(s[start]) { start += 1 }
        if start != snappedStart, !edges.isClean(start) { start = snappedStart }
        let floorEnd = min(max(end, start), max(start, span.upperBound))
        let snappedEnd = edges.snap(max(end, start), limits: floorEnd...n, preferLater: true, outwardIsLater: true)
        end = snappedEnd
        while end > span.upperBound, end > start, s[end - 1].properties.isWhitespace { end -= 1 }
        if end != snappedEnd, !edges.isClean(end) { end = snappedEnd }
        return start..<max(start, end)
    }

    private static func isBreak(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "。", "！", "？", "；", "!", "?", ";", "\n", "\r", "\u{2029}", "\u{2028}", "…": return true
        default: return false
        }
    }

    private static func isCloser(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "”", "’", "」", "』", "）", ")", "\"", "'", "】", "》": return true
        default: return false
        }
    }

    /// True when a sentence or paragraph starts at `p`: the text start, or just after a break
    /// (a closing quote or bracket right after the break belongs to the previous sentence).
    private static func isSentenceStart(_ p: Int, _ s: [Unicode.Scalar]) -> Bool {
        if p == 0 { return true }
        guard p <= s.count else { return false }
        if p < s.count, isCloser(s[p]), isBreak(s[p - 1]) { return false }
        if isBreak(s[p - 1]) { return true }
        if p >= 2, isCloser(s[p - 1]), isBreak(s[p - 2]) { return true }
        if p >= 2, s[p - 2] == ".", s[p - 1].properties.isWhitespace { return true }
        return false
    }

    /// True at `p` just after a clause mark (，、：, ,) or a space: a fallback place to start or end.
    private static func isClauseStart(_ p: Int, _ s: [Unicode.Scalar]) -> Bool {
        guard p > 0, p <= s.count else { return false }
        switch s[p - 1] {
        case "，", "、", "：", ",", ":", "—": return p == s.count || !isTrailingPunctuation(s[p])
        default: return s[p - 1].properties.isWhitespace
        }
    }

    /// Punctuation that ends or follows something, so a snippet should not start with it.
    private static func isTrailingPunctuation(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "，", "、", "。", "：", "；", "！", "？", ",", ".", ";", ":", "!", "?", "”", "’", "」", "』", "）", "】", "》", ")", "]":
            return true
        default:
            return false
        }
    }

    /// The offset in `range` closest to `target` (the earlier one on ties) where `test` holds.
    private func nearest(
        to target: Int, in range: ClosedRange<Int>, _ s: [Unicode.Scalar], where test: (Int, [Unicode.Scalar]) -> Bool
    ) -> Int? {
        guard range.lowerBound <= range.upperBound else { return nil }
        var best: Int?
        for p in range where test(p, s) {
            if let current = best, abs(current - target) <= abs(p - target) { continue }
            best = p
        }
        return best
    }

    /// The last offset in `range` where `test` holds.
    private func last(in range: ClosedRange<Int>, _ s: [Unicode.Scalar], where test: (Int, [Unicode.Scalar]) -> Bool) -> Int? {
        var p = range.upperBound
        while p >= range.lowerBound, p > 0 {
            if test(p, s) { return p }
            p -= 1
        }
        return nil
    }

    private static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c))
    }

    /// Moves `p` forward to the start of the next Latin word when `p` is inside one (up to `limit`).
    private func wordBoundaryForward(_ p: Int, limit: Int, _ s: [Unicode.Scalar]) -> Int {
        guard p > 0, p < s.count, SnippetBuilder.isWordScalar(s[p - 1]), SnippetBuilder.isWordScalar(s[p]) else { return p }
        var q = p
        while q < limit, q < s.count, SnippetBuilder.isWordScalar(s[q]) { q += 1 }
        return q < s.count && !SnippetBuilder.isWordScalar(s[q]) ? q : p
    }

    /// Moves `p` back to the end of the previous Latin word when `p` is inside one (down to `limit`).
    private func wordBoundaryBackward(_ p: Int, limit: Int, _ s: [Unicode.Scalar]) -> Int {
        guard p > 0, p < s.count, SnippetBuilder.isWordScalar(s[p - 1]), SnippetBuilder.isWordScalar(s[p]) else { return p }
        var q = p
        while q > limit, q > 0, SnippetBuilder.isWordScalar(s[q - 1]) { q -= 1 }
        return q > 0 && !SnippetBuilder.isWordScalar(s[q - 1]) ? q : p
    }
}
