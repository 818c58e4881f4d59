import Foundation
import ChineseText

/// The constants of the ranking function (BM25F over words), in one place.
///
/// Why these values: k1 and b are BM25's usual ones; a title occurrence counts three text ones;
/// buried occurrences (inside a longer word) are capped below one aligned occurrence; a query's
/// words scattered count a third of the query standing whole.
public enum RankingModel {
    /// BM25 term-frequency saturation.
    public static let k1 = 1.2
    /// BM25 length normalisation (0: none, 1: full), title and text alike.
    public static let b = 0.75
    /// How much one title occurrence counts against one text occurrence (BM25F field weight).
    public static let titleWeight = 3.0
    /// A buried occurrence's score is this share of a saturated aligned score: at most
    /// β·(k1+1) = 0.44 of the query's idf, below the 1.0 that one aligned occurrence always gives
    /// (`LeafScorer` floors an aligned term's score there).
    public static let buriedShare = 0.2
    /// √β, where the split of a leaf's occurrences maximising its score bound lies.
    static let buriedShareRoot = buriedShare.squareRoot()
    /// The weight of the query's words counted one by one, when the segmenter splits a query term.
    public static let partsShare = 0.3
    /// The passage (in characters) a long text is also scored by: its best window of this length.
    public static let passageLength = 300
    /// The weight of the closeness bonus between consecutive query terms.
    public static let proximityShare = 0.5

    /// BM25 saturation of a pseudo term frequency.
    @inline(__always) static func saturate(_ tf: Double) -> Double {
        tf <= 0 ? 0 : tf * (k1 + 1) / (tf + k1)
    }

    /// BM25's length normalisation of a field of `length` against `average`.
    @inline(__always) static func lengthNorm(_ length: Int, _ average: Double) -> Double {
        1 - b + b * Double(length) / max(1, average)
    }

    /// Inverse document frequency (BM25's, never negative).
    @inline(__always) static func idf(documents n: Int, containing df: Int) -> Double {
        log(1 + (Double(n) - Double(df) + 0.5) / (Double(df) + 0.5))
    }
}

/// One positive term or phrase of a query, cut into words by the analyser that cut the documents.
///
/// An occurrence of the term in a document is *aligned* when the document's tokens there are the
/// term's words in order (or the whole term is one token there): it starts and ends on token
/// boundaries. Any other occurrence is *buried* inside a longer word (京东 in 北京东城区).
struct RankedLeaf {
    /// The normalised scalars (what bigrams match).
    var scalars: [UInt32]
    /// Title, text or both.
    var scope: FieldScope
    /// The term's words: key, offset in `scalars`, length. Punctuation is left out.
    var words: [(key: UInt64, offset: Int, length: Int)]
    /// The key of the whole term as one token, when it has several words.
    var wholeKey: UInt64?
    /// The tokens the segmenter cut the term into (a compound's parts are one token): parts are
    /// scored one by one only when there are several, as for 杭州亚运会 → 杭州 + 亚运会.
    var tokenCount = 0

    /// Cuts `scalars` with `segmenter` (nil: the whole term is one word).
    init(scalars: [UInt32], scope: FieldScope, segmenter: Segmenter?) {
        self.scalars = scalars
        self.scope = scope
        var words: [(key: UInt64, offset: Int, length: Int)] = []
        var tokens = 0
        if let segmenter {
            // A compound the dictionary covers counts as its parts (华为公司 → 华为 + 公司), so it is
            // aligned wherever the document cuts it either way: its parts chain, or it stands whole.
            var parts: [(key: UInt64, offset: Int, length: Int)] = []
            var token: (key: UInt64, offset: Int, length: Int)? = nil
            scalars.withUnsafeBufferPointer { buffer in
                segmenter.segmentScalarValues(scalars, parts: { start, end in
                    // The top-level parts only: a part's own parts (nested, same start) are skipped.
                    guard start < end, end <= buffer.count, start >= (parts.last.map { $0.offset + $0.length } ?? 0) else { return }
                    parts.append((TermKey.word(buffer, start..<end), start, end - start))
                }) { start, end, kind in
                    if parts.isEmpty, let t = token { words.append(t) } else { words.append(contentsOf: parts) }
                    parts.removeAll()
                    token = nil
                    guard kind != .punctuation, start < end, end <= buffer.count else { return }
                    token = (TermKey.word(buffer, start..<end), start, end - start)
                    tokens += 1
                }
            }
            if parts.isEmpty, let t = token { words.append(t) } else { words.append(contentsOf: parts) }
        } else if !scalars.isEmpty {
            words = [(TermKey.word(scalars), 0, scalars.count)]
            tokens = 1
        }
        // A term cut into single characters only (华为 → 华/为 out of context) is one word: its
        // characters side by side in a document are a name the segmenter did not know (王广华为),
        // not the term standing as a word.
        if words.count > 1, words.allSatisfy({ $0.length == 1 }), !scalars.isEmpty {
            words = [(TermKey.word(scalars), 0, scalars.count)]
            tokens = 1
        }
        self.words = words
        tokenCount = tokens
        wholeKey = words.count > 1 ? TermKey.word(scalars) : nil
    }
}

/// A word's postings in one segment with a cursor that only moves forward (documents ascend).
struct WordCursor {
    private var cursor: PostingsCursor?

    init(_ cursor: PostingsCursor?) { self.cursor = cursor }

    /// Appends the positions of the word in `doc` to `out` (nothing when absent).
    mutating func positions(in doc: UInt32, into out: inout [UInt32]) throws(IndexError) {
        guard cursor != nil, try cursor?.advance(to: doc) == doc else { return }
        try cursor?.positions(into: &out)
    }
}

/// What one leaf has in one segment: its substring occurrences in the matching documents and
/// cursors on its words' postings.
struct LeafEvidence {
    var occurrences: Occurrences
    var words: [WordCursor]
    var whole: WordCursor
    /// The next index into `occurrences.docs` to look at (documents ascend).
    var cursor = 0
}

/// Per-document counts of one leaf, by field: aligned and buried occurrences, the best passage,
/// and each word's own occurrences.
struct LeafCounts {
    var alignedTitle = 0, alignedText = 0, alignedTextInPassage = 0
    var buriedTitle = 0, buriedText = 0
    var partTitle: [Int] = [], partText: [Int] = []
    /// Starts of the substring occurrences (for the closeness bonus), possibly empty.
    var starts: ArraySlice<UInt32> = []
}

/// Scratch buffers for `LeafCounter`, reused across documents.
struct RankingScratch {
    var first: [UInt32] = []
    var other: [UInt32] = []
    var aligned: [UInt32] = []
    var filtered: [UInt32] = []
    /// The current document's aligned starts, leaf after leaf (`alignedEnds[i]` ends leaf i's), kept
    /// for the hits of the page so their snippets show the query where it stands as a word.
    var alignedFlat: [UInt32] = []
    var alignedEnds: [Int] = []
}

enum LeafCounter {
    /// The counts of `leaf` in `doc` (title length `titleLength`), or nil when the leaf does not occur.
    static func counts(_ leaf: RankedLeaf, _ ev: inout LeafEvidence, doc: UInt32, titleLength: Int,
                       scratch: inout RankingScratch) throws(IndexError) -> LeafCounts? {
        let occ = ev.occurrences
        var c = ev.cursor
        while c < occ.docs.count && occ.docs[c] < doc { c += 1 }
        ev.cursor = c
        guard c < occ.docs.count, occ.docs[c] == doc else { return nil }
        let tt = Int(occ.titleTF[c]), tx = Int(occ.textTF[c])
        var out = LeafCounts()
        let starts = occ.startIndex.count > c + 1 ? occ.starts[occ.startIndex[c]..<occ.startIndex[c + 1]] : []
        out.starts = starts
        // Aligned starts: the first word's positions where every later word follows at its offset,
        // plus the positions of the whole term as one token.
        scratch.aligned.clear()
        let wantPartCounts = leaf.words.count > 1
        if wantPartCounts {
            out.partTitle = Array(repeating: 0, count: leaf.words.count)
            out.partText = Array(repeating: 0, count: leaf.words.count)
        }
        if !leaf.words.isEmpty {
            scratch.first.clear()
            try ev.words[0].positions(in: doc, into: &scratch.first)
            if wantPartCounts { tally(scratch.first, titleLength, &out.partTitle[0], &out.partText[0]) }
            let base = UInt32(leaf.words[0].offset)
            for p in scratch.first where p >= base { scratch.aligned.append(p - base) }
            for k in 1..<leaf.words.count {
                scratch.other.clear()
                try ev.words[k].positions(in: doc, into: &scratch.other)
                if wantPartCounts { tally(scratch.other, titleLength, &out.partTitle[k], &out.partText[k]) }
                let off = UInt32(leaf.words[k].offset)
                scratch.filtered.clear()
                var a = 0, b = 0
                while a < scratch.aligned.count && b < scratch.other.count {
                    let want = scratch.aligned[a] &+ off
                    if scratch.other[b] < want { b += 1 } else if scratch.other[b] > want { a += 1 } else {
                        scratch.filtered.append(scratch.aligned[a]); a += 1; b += 1
                    }
                }
                swap(&scratch.aligned, &scratch.filtered)
            }
            if leaf.wholeKey != nil {
                scratch.other.clear()
                try ev.whole.positions(in: doc, into: &scratch.other)
                if !scratch.other.isEmpty {
                    scratch.filtered = DocSets.union(scratch.aligned, scratch.other)
                    swap(&scratch.aligned, &scratch.filtered)
                }
            }
        }
        // Only true substring occurrences count (the starts are exact; a hash collision or a term
        // with spaces could otherwise pass). Single characters carry no starts: their counts cap.
        if !starts.isEmpty {
            scratch.filtered.clear()
            var i = starts.startIndex, j = 0
            while i < starts.endIndex && j < scratch.aligned.count {
                if starts[i] < scratch.aligned[j] { i += 1 } else if starts[i] > scratch.aligned[j] { j += 1 } else {
                    scratch.filtered.append(starts[i]); i += 1; j += 1
                }
            }
            swap(&scratch.aligned, &scratch.filtered)
        }
        scratch.alignedFlat.append(contentsOf: scratch.aligned)
        let title = UInt32(titleLength)
        var at = 0, ax = 0
        for p in scratch.aligned {
            if p < title { if leaf.scope != .text { at += 1 } } else if leaf.scope != .title { ax += 1 }
        }
        at = min(at, tt)
        ax = min(ax, tx)
        out.alignedTitle = at
        out.alignedText = ax
        out.buriedTitle = tt - at
        out.buriedText = tx - ax
        // The best passage: the most aligned text occurrences within `passageLength` characters.
        if ax > 0 {
            let window = UInt32(RankingModel.passageLength)
            var best = 0, lo = 0
            let xs = scratch.aligned
            var hi = 0
            while hi < xs.count {
                if xs[hi] < title { hi += 1; lo = hi; continue }
                while xs[hi] - xs[lo] >= window { lo += 1 }
                best = max(best, hi - lo + 1)
                hi += 1
            }
            out.alignedTextInPassage = min(best, ax)
        }
        return out
    }

    @inline(__always) private static func tally(_ positions: [UInt32], _ titleLength: Int, _ t: inout Int, _ x: inout Int) {
        for p in positions { if Int(p) < titleLength { t += 1 } else { x += 1 } }
    }
}

/// The score of one leaf in one document from its counts (see `RankingModel`).
///
/// BM25F: each field's count over its length norm, the title weighted, then saturated once. The
/// text counts by the whole text or by its best passage, whichever is higher, so one item of a long
/// bulletin is not buried by the bulletin's length.
struct LeafScorer {
    let idf: Double
    let partIDF: [Double]
    let avgTitle: Double
    let avgText: Double
    /// The most the parts can add (each saturated), for `upperBound`.
    private let partsBound: Double

    init(idf: Double, partIDF: [Double], avgTitle: Double, avgText: Double) {
        self.idf = idf
        self.partIDF = partIDF
        self.avgTitle = avgTitle
        self.avgText = avgText
        var parts = 0.0
        for x in partIDF where x > 0 { parts += RankingModel.partsShare * x * (RankingModel.k1 + 1) }
        partsBound = parts
    }

    /// A bound no `score` of this leaf can exceed in a document whose substring occurs `titleTF`
    /// times in its title and `textTF` in its text (the matcher's exact counts), with these lengths.
    ///
    /// Why: top-k search scores only the documents whose bound reaches the k-th best score so far.
    /// The aligned and buried occurrences split the title and text counts: with m the larger of the
    /// text's two length factors, their BM25F sums u and v have u + v ≤ A = w·tt/bt + tx·m, so the
    /// leaf's score over idf is at most max(1 + β·sat(A), max over u+v=A of sat(u) + β·sat(v))
    /// (sat concave: the maximum is at sat'(u) = β·sat'(v)), plus each part's saturated maximum;
    /// with an idf below zero, the leaf's own part is at most 0.
    func upperBound(titleTF: Int, textTF: Int, titleLength: Int, textLength: Int) -> Double {
        let w = RankingModel.titleWeight, k1 = RankingModel.k1, beta = RankingModel.buriedShare
        let bt = RankingModel.lengthNorm(titleLength, avgTitle)
        let bx = RankingModel.lengthNorm(textLength, avgText)
        let p = RankingModel.passageLength
        let bp = RankingModel.lengthNorm(min(textLength, p), Double(p))
        let a = w * Double(titleTF) / bt + Double(textTF) * max(1 / bx, 1 / bp)
        let r = RankingModel.buriedShareRoot
        let u = min(a, max(0, (a + k1 - r * k1) / (1 + r)))
        let split = RankingModel.saturate(u) + beta * RankingModel.saturate(a - u)
        let ends = max(RankingModel.saturate(a), beta * RankingModel.saturate(a))
        // An idf below zero (deleted documents still counted in a word's frequency) makes every
        // part of the leaf's own score zero or less.
        let bound = (idf > 0 ? idf * max(1 + beta * RankingModel.saturate(a), split, ends) : 0) + partsBound
        // Rounding: the bound must stay above a score computed in another order.
        return bound * (1 + 1e-9) + 1e-12
    }

    func score(_ c: LeafCounts, titleLength: Int, textLength: Int) -> Double {
        let w = RankingModel.titleWeight
        let bt = RankingModel.lengthNorm(titleLength, avgTitle)
        let bx = RankingModel.lengthNorm(textLength, avgText)
        let p = RankingModel.passageLength
        let bp = RankingModel.lengthNorm(min(textLength, p), Double(p))
        let textAligned = max(Double(c.alignedText) / bx, Double(c.alignedTextInPassage) / bp)
        var s = idf * RankingModel.saturate(w * Double(c.alignedTitle) / bt + textAligned)
        // One aligned occurrence is worth at least 1.0·idf, even in a title many times the average
        // length: always above the most buried occurrences can give (β·(k1+1) = 0.44·idf).
        if c.alignedTitle + c.alignedText > 0 { s = max(s, idf) }
        s += idf * RankingModel.buriedShare * RankingModel.saturate(w * Double(c.buriedTitle) / bt + Double(c.buriedText) / bx)
        for k in c.partTitle.indices where k < partIDF.count && partIDF[k] > 0 {
            s += RankingModel.partsShare * partIDF[k] * RankingModel.saturate(w * Double(c.partTitle[k]) / bt + Double(c.partText[k]) / bx)
        }
        return s
    }
}
