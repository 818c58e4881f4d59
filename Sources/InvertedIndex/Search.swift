import Foundation
import ChineseText

/// One hit of a search.
public struct SearchHit: Sendable, Hashable, Codable {
    /// The document's id.
    public var id: String
    /// Its title.
    public var title: String
    /// Its date, if it has one.
    public var date: String?
    /// The ranking score: BM25F over word-aligned occurrences of the query's terms (title weighted,
    /// best passage), buried occurrences counted little, plus closeness of the terms.
    public var score: Double
    /// The best passage of the text, matches marked (scalar offsets into the text).
    public var snippet: Snippet
    /// Matches in the title (scalar offsets into the title).
    public var titleHighlights: [Range<Int>]
    /// The stored extra values (url, source, path, ...).
    public var stored: [String: String]
}

/// The result of a search: how many documents match in all, and the requested page of hits.
public struct SearchResults: Sendable, Hashable, Codable {
    /// The number of matching documents.
    public var total: Int
    /// The hits of the page, best first.
    public var hits: [SearchHit]
    /// Facet counts over every matching document; nil unless the search asked for them.
    public var facets: FacetCounts? = nil
}

/// Which facet counts a search should return, over its whole match set.
public struct FacetRequest: Sendable, Hashable {
    /// For each prefix, the most frequent facet keys that start with it (UTF-8 bytes; "" is every key).
    public var keyPrefixes: [String]
    /// The number fields to count by order of magnitude.
    public var numberFields: [String]
    /// True to count matching documents per month of their date.
    public var months: Bool
    /// How many keys per prefix, most frequent first; 0 or less means all of them.
    public var limit: Int

    /// Creates a request.
    public init(keyPrefixes: [String] = [], numberFields: [String] = [], months: Bool = false, limit: Int = 10) {
        self.keyPrefixes = keyPrefixes
        self.numberFields = numberFields
        self.months = months
        self.limit = limit
    }
}

/// Facet counts over every live document a query matches (not only the page shown).
public struct FacetCounts: Sendable, Hashable, Codable {
    /// Prefix → its most frequent keys: article count descending, then key ascending (UTF-8 bytes).
    /// Every requested prefix is present, with an empty list when no matching document has such a key.
    public var keys: [String: [FacetValue]]
    /// Field → articles per order of magnitude of the field's values, exponent ascending; an article
    /// counts once per bucket it has a value in. Every requested field is present.
    public var numbers: [String: [NumberBucket]]
    /// Articles per month ("yyyy-mm", ascending) among those dated to a month or a day; empty unless asked for.
    public var months: [MonthCount]

    /// Creates counts.
    public init(keys: [String: [FacetValue]] = [:], numbers: [String: [NumberBucket]] = [:], months: [MonthCount] = []) {
        self.keys = keys
        self.numbers = numbers
        self.months = months
    }
}

/// One facet key and the number of matching articles having it.
public struct FacetValue: Sendable, Hashable, Codable {
    /// The caller's key.
    public var key: String
    /// Matching articles with the key.
    public var count: Int

    /// Creates a value.
    public init(key: String, count: Int) {
        self.key = key
        self.count = count
    }
}

/// Matching articles with a value of one order of magnitude: floor(log10(value)), 0 for the value 0.
public struct NumberBucket: Sendable, Hashable, Codable {
    /// floor(log10(value)): 9 for 1000000000…9999999999, -1 for 0.1…0.99.
    public var exponent: Int
    /// Matching articles with at least one value in the bucket.
    public var count: Int

    /// Creates a bucket.
    public init(exponent: Int, count: Int) {
        self.exponent = exponent
        self.count = count
    }
}

/// Matching articles dated in one month.
public struct MonthCount: Sendable, Hashable, Codable {
    /// "yyyy-mm".
    public var month: String
    /// Matching articles dated in it.
    public var count: Int

    /// Creates a month's count.
    public init(month: String, count: Int) {
        self.month = month
        self.count = count
    }
}

/// Figures about a committed index.
public struct IndexStats: Sendable, Hashable, Codable {
    /// Live documents.
    public var documents: Int
    /// Documents marked deleted but not yet merged away.
    public var deletedDocuments: Int
    /// Distinct terms summed over segments (bigrams and single characters).
    public var terms: Int
    /// Segments in the commit.
    public var segments: Int
    /// Bytes of term dictionaries and postings (positions included).
    public var postingsBytes: Int
    /// Bytes of stored documents.
    public var storedBytes: Int
    /// Bytes of field lengths, doc values (facets, numbers) and delete bitmaps.
    public var otherBytes: Int
    /// All bytes of the commit's files.
    public var totalBytes: Int
    /// The commit generation.
    public var generation: Int
    /// When the commit was written.
    public var committedAt: Date
    /// The analyser fingerprint recorded in the commit.
    public var analyzer: String
}

/// The searcher of an index: `Index.reader()` opens one on the newest commit.
///
/// Why one type: a search, a count, the stats and the stored articles all read the same snapshot.
public typealias Searcher = IndexReader

/// A read-only snapshot of one commit: search, count, stats, stored documents.
///
/// Safe to share between threads; later commits never change what it sees.
public final class IndexReader: @unchecked Sendable {
    let segments: [SegmentReader]
    let commit: Commit
    let analyzer: Analyzer
    let normalizer = Normalizer()
    private let fold = ScalarFold()
    private let pool: SegmenterPool
    /// ICU-only segmenters (no overlay) for snippet edges: made once, not per search.
    private let snippetWords = SegmenterPool(dictionary: WordDictionary())
    /// Title matches count this much more than text matches (see `RankingModel`).
    public var titleWeight: Double { RankingModel.titleWeight }
    let liveDocuments: Int
    let avgTitle: Double
    let avgText: Double

    init(directory: URL, analyzer: Analyzer, verify: Bool) throws(IndexError) {
        commit = try Commit.latest(directory)
        guard commit.analyzer == analyzer.fingerprint else {
            throw .analyzerMismatch(index: commit.analyzer, expected: analyzer.fingerprint)
        }
        self.analyzer = analyzer
        var segs: [SegmentReader] = []
        for meta in commit.segments { segs.append(try SegmentReader(directory: directory, meta: meta, verify: verify)) }
        segments = segs
        pool = SegmenterPool(dictionary: analyzer.dictionary)
        var live = 0, t = 0, x = 0
        for s in segs { live += s.liveCount; t += s.meta.titleLengthSum; x += s.meta.textLengthSum }
        liveDocuments = live
        let all = max(1, segs.reduce(0) { $0 + $1.docCount })
        avgTitle = max(1, Double(t) / Double(all))
        avgText = max(1, Double(x) / Double(all))
    }

    /// The commit generation this reader sees.
    public var generation: Int { commit.generation }

    /// The number of live documents.
    public var documentCount: Int { liveDocuments }

    // MARK: Queries

    /// Parses `query` (see QueryParser), turning a syntax error into `IndexError.query`.
    func parse(_ query: String) throws(IndexError) -> QueryNode {
        do {
            return try QueryParser().parse(query)
        } catch {
            throw .query(message: error.message, position: error.position, query: error.query)
        }
    }

    /// The caller's values recorded in the commit (`IndexWriter.userData`); [:] for older commits.
    public var userData: [String: String] { commit.userData ?? [:] }

    /// The number of documents matching `query` (no ranking, no snippets).
    public func count(_ query: String) throws(IndexError) -> Int {
        try count(try parse(query))
    }

    /// The number of documents matching `node` (no ranking, no snippets); an unresolved `.filter`
    /// throws `IndexError.query`.
    public func count(_ node: QueryNode) throws(IndexError) -> Int {
        var total = 0
        for seg in segments {
            var ctx = EvalContext(reader: self, segment: seg)
            switch node {
            case .term(let s), .phrase(let s):
                if let n = try ctx.fastCount(s) { total += n; continue }
            default: break
            }
            total += try ctx.eval(node, scope: .all).count
        }
        return total
    }

    /// The hits of `query`, best first: `limit` of them from `offset`, with snippets.
    public func search(_ query: String, limit: Int = 10, offset: Int = 0) throws(IndexError) -> SearchResults {
        try search(try parse(query), limit: limit, offset: offset)
    }

    /// The hits of `node`, best first: `limit` of them from `offset`, with snippets, and with
    /// `facets` the requested facet counts over every matching document.
    ///
    /// Facet and number nodes add nothing to a score (as dates), so a query of filters only ranks
    /// its documents newest first. An unresolved `.filter` throws `IndexError.query`.
    ///
    /// With `snippets` false the hits carry only their id and score (empty title, snippet and stored
    /// fields): no stored text is read, so a large page of ids costs little.
    public func search(_ node: QueryNode, limit: Int = 10, offset: Int = 0, facets: FacetRequest? = nil,
                       snippets: Bool = true) throws(IndexError) -> SearchResults {
        // The query's positive terms and phrases, each cut into words by the analyser of the documents.
        var leaves: [(text: String, scope: FieldScope)] = []
        Self.positiveLeaves(node, scope: .all, into: &leaves)
        let segmenter = pool.take()
        var ranked: [RankedLeaf] = []
        var seenLeaves = Set<[UInt32]>()
        for leaf in leaves {
            let s = normalizedScalars(leaf.text)
            guard !s.isEmpty, seenLeaves.insert(s + [UInt32.max - leaf.scope.code]).inserted else { continue }
            ranked.append(RankedLeaf(scalars: s, scope: leaf.scope, segmenter: segmenter))
        }
        pool.give(segmenter)
        // Per segment: the matching documents, and each leaf's occurrences and word postings in them.
        // Each word is looked up once per segment: its document frequency sums into the idf, and
        // its postings are decoded only where the segment has matches.
        var wordDF = ranked.map { [Int](repeating: 0, count: $0.words.count) }
        var wholeDF = [Int](repeating: 0, count: ranked.count)
        var perSegment: [(docs: [UInt32], leaves: [LeafEvidence])] = []
        // A query of one term or phrase matches where its leaf occurs: one pass of the matcher
        // gives both the documents and the leaf's occurrences.
        var single = false
        switch node {
        case .term(let t), .phrase(let t):
            single = ranked.count == 1 && ranked[0].scope == .all && normalizedScalars(t) == ranked[0].scalars
        default: break
        }
        for seg in segments {
            let m = SubstringMatcher(segment: seg)
            var docs: [UInt32]
            var singleOccurrences: Occurrences? = nil
            if single, let leaf = ranked.first {
                let occ = try m.match(leaf.scalars, scope: .all, detail: .starts)
                docs = occ.docs
                singleOccurrences = occ
            } else {
                var ctx = EvalContext(reader: self, segment: seg)
                docs = try ctx.eval(node, scope: .all)
            }
            var evidence: [LeafEvidence] = []
            for (li, leaf) in ranked.enumerated() {
                var words: [WordCursor] = []
                for (wi, w) in leaf.words.enumerated() {
                    let info = try seg.lookup(w.key)
                    wordDF[li][wi] += info?.docFreq ?? 0
                    if !docs.isEmpty { words.append(WordCursor(try decode(info, in: seg))) }
                }
                let wholeInfo = try leaf.wholeKey.map { k throws(IndexError) in try seg.lookup(k) } ?? nil
                wholeDF[li] += wholeInfo?.docFreq ?? 0
                guard !docs.isEmpty else { continue }
                let occ: Occurrences
                if let singleOccurrences { occ = singleOccurrences } else {
                    occ = try m.match(leaf.scalars, scope: leaf.scope, detail: .starts, within: docs)
                }
                evidence.append(LeafEvidence(occurrences: occ, words: words, whole: WordCursor(try decode(wholeInfo, in: seg))))
            }
            perSegment.append((docs, evidence))
        }
        let n = max(1, liveDocuments)
        let scorers = ranked.indices.map { li -> LeafScorer in
            let idfs = wordDF[li].map { RankingModel.idf(documents: n, containing: $0) }
            // Words counted one by one, when the segmenter cut the term into several tokens: those
            // of two or more characters (a lone 的 says nothing).
            let partIDF = ranked[li].tokenCount > 1 ? zip(idfs, ranked[li].words).map { $1.length > 1 ? $0 : 0 } : []
            // The term as a whole is at least as rare as its rarest word, or as itself as one token.
            var idf = idfs.max() ?? RankingModel.idf(documents: n, containing: 0)
            if wholeDF[li] > 0 { idf = max(idf, RankingModel.idf(documents: n, containing: wholeDF[li])) }
            return LeafScorer(idf: idf, partIDF: partIDF, avgTitle: avgTitle, avgText: avgText)
        }
        struct Ranked {
            var score: Double; var date: Int32; var seg: Int; var doc: UInt32
            /// Aligned starts per leaf (flat, `alignedEnds` closing each leaf), kept once ranked in.
            var aligned: [UInt32] = []; var alignedEnds: [Int] = []
        }
        func better(_ a: Ranked, _ c: Ranked) -> Bool {
            if a.score != c.score { return a.score > c.score }
            if a.date != c.date { return a.date > c.date }
            if a.seg != c.seg { return a.seg < c.seg }
            return a.doc < c.doc
        }
        // How many of the best to keep: `offset + limit`, saturating (Int.max for either means
        // "everything") and capped by the matching documents; none when the page is empty.
        let skip = max(0, offset), take = max(0, limit)
        let matching = perSegment.reduce(0) { $0 + $1.docs.count }
        let want: Int
        if take == 0 || skip >= matching {
            want = 0
        } else {
            let (sum, overflow) = skip.addingReportingOverflow(take)
            want = min(overflow ? Int.max : sum, matching)
        }
        var top: [Ranked] = []
        var total = 0
        var scratch = RankingScratch()
        /// The score of `d` in segment `si` (its aligned starts left in `scratch`).
        func score(_ si: Int, _ d: UInt32, _ evidence: inout [LeafEvidence]) throws(IndexError) -> Ranked {
            let norm = segments[si].norm(Int(d))
            var score = 0.0
            var previous: (starts: ArraySlice<UInt32>, length: Int, idf: Double)? = nil
            scratch.alignedFlat.removeAll(keepingCapacity: true)
            scratch.alignedEnds.removeAll(keepingCapacity: true)
            for li in ranked.indices {
                defer { scratch.alignedEnds.append(scratch.alignedFlat.count) }
                guard let counts = try LeafCounter.counts(ranked[li], &evidence[li], doc: d, titleLength: norm.title, scratch: &scratch) else {
                    previous = nil
                    continue
                }
                score += scorers[li].score(counts, titleLength: norm.title, textLength: norm.text)
                // Consecutive query terms close together in the document earn a bonus.
                if let p = previous, !p.starts.isEmpty, !counts.starts.isEmpty {
                    score += RankingModel.proximityShare * min(p.idf, scorers[li].idf) * Self.proximity(p.starts, p.length, counts.starts)
                }
                previous = (counts.starts, ranked[li].scalars.count, scorers[li].idf)
            }
            return Ranked(score: score, date: norm.date, seg: si, doc: d)
        }
        /// Keeps `r` if it is among the `want` best so far.
        func offer(_ r: Ranked) {
            var r = r
            if top.count < want {
                r.aligned = scratch.alignedFlat
                r.alignedEnds = scratch.alignedEnds
                top.append(r)
                if top.count == want { top.sort(by: better) }
            } else if let last = top.last, better(r, last) {
                r.aligned = scratch.alignedFlat
                r.alignedEnds = scratch.alignedEnds
                var i = top.count - 1
                while i > 0 && better(r, top[i - 1]) { i -= 1 }
                top.insert(r, at: i)
                top.removeLast()
            }
        }
        // Dynamic pruning (exact): each document's score has a bound from its substring counts and
        // lengths (`LeafScorer.upperBound`, plus the closeness bonus's maximum); the documents with
        // the highest bounds are scored first, then, in document order, only those whose bound
        // reaches the k-th best score so far. A document left out scores below every hit kept.
        let prune = want > 0 && matching > 2 * want && scorers.allSatisfy { $0.idf.isFinite && $0.partIDF.allSatisfy(\.isFinite) }
        var bounds: [[Double]] = []
        var seeds: [[Int]] = Array(repeating: [], count: perSegment.count)
        if prune {
            var best: [(ub: Double, seg: Int, index: Int)] = []
            for (si, entry) in perSegment.enumerated() {
                let seg = segments[si]
                var ub = [Double](repeating: 0, count: entry.docs.count)
                var present = [Bool](repeating: false, count: entry.docs.count)
                // A segment without matches has no evidence.
                for li in ranked.indices where li < entry.leaves.count {
                    let occ = entry.leaves[li].occurrences
                    let proximity = li > 0 ? max(0, RankingModel.proximityShare * min(scorers[li - 1].idf, scorers[li].idf)) : 0
                    var c = 0
                    for j in entry.docs.indices {
                        let d = entry.docs[j]
                        while c < occ.docs.count && occ.docs[c] < d { c += 1 }
                        guard c < occ.docs.count, occ.docs[c] == d else { present[j] = false; continue }
                        let norm = seg.norm(Int(d))
                        ub[j] += scorers[li].upperBound(titleTF: Int(occ.titleTF[c]), textTF: Int(occ.textTF[c]),
                                                         titleLength: norm.title, textLength: norm.text)
                        if present[j] { ub[j] += proximity }
                        present[j] = true
                    }
                }
                for j in ub.indices where best.count < want || ub[j] > best[best.count - 1].ub {
                    var i = best.count
                    best.append((ub[j], si, j))
                    while i > 0 && best[i - 1].ub < ub[j] { best[i] = best[i - 1]; i -= 1 }
                    best[i] = (ub[j], si, j)
                    if best.count > want { best.removeLast() }
                }
                bounds.append(ub)
            }
            for b in best { seeds[b.seg].append(b.index) }
            for si in seeds.indices where !seeds[si].isEmpty {
                seeds[si].sort()
                var evidence = perSegment[si].leaves
                for j in seeds[si] { offer(try score(si, perSegment[si].docs[j], &evidence)) }
            }
        }
        for (si, entry) in perSegment.enumerated() {
            var evidence = entry.leaves
            total += entry.docs.count
            if want == 0 { continue }
            var seed = 0
            for j in entry.docs.indices {
                if prune {
                    if seed < seeds[si].count && seeds[si][seed] == j { seed += 1; continue }
                    if top.count == want, let last = top.last, si < bounds.count, j < bounds[si].count, bounds[si][j] < last.score { continue }
                }
                offer(try score(si, entry.docs[j], &evidence))
            }
        }
        if top.count < want { top.sort(by: better) }
        var hits: [SearchHit] = []
        let page = top.dropFirst(skip)
        let highlight = ranked.map { ($0.scalars, $0.scope) }
        // One word breaker for the page's snippets, borrowed from the reader's pool (nil without ICU
        // word data: snippets then keep Latin words whole).
        let wordBreaker = page.isEmpty || !snippets ? nil : snippetWords.take()
        defer { snippetWords.give(wordBreaker) }
        for r in page where !snippets {
            let (id, _) = try segments[r.seg].idAndHash(Int(r.doc))
            hits.append(SearchHit(id: id, title: "", date: nil, score: r.score,
                                  snippet: Snippet(text: "", start: 0, end: 0, highlights: []),
                                  titleHighlights: [], stored: [:]))
        }
        for r in page where snippets {
            let sd = try segments[r.seg].document(Int(r.doc))
            var aligned: [ArraySlice<UInt32>] = []
            var from = 0
            for end in r.alignedEnds where end >= from && end <= r.aligned.count {
                aligned.append(r.aligned[from..<end])
                from = end
            }
            let titleLength = segments[r.seg].norm(Int(r.doc)).title
            hits.append(makeHit(sd, score: r.score, highlight: highlight, aligned: aligned, titleLength: titleLength, words: wordBreaker))
        }
        var results = SearchResults(total: total, hits: hits)
        if let facets {
            results.facets = try countFacets(Array(zip(segments, perSegment.map(\.docs))), facets)
        }
        return results
    }

    /// Facet counts over every live document matching `node` (see `FacetCounts`).
    public func facetCounts(_ node: QueryNode, _ request: FacetRequest) throws(IndexError) -> FacetCounts {
        var matches: [(SegmentReader, [UInt32])] = []
        for seg in segments {
            var ctx = EvalContext(reader: self, segment: seg)
            matches.append((seg, try ctx.eval(node, scope: .all)))
        }
        return try countFacets(matches, request)
    }

    /// The facet keys of the live document `id` (ascending by UTF-8 bytes); nil when there is none.
    public func documentFacets(id: String) throws(IndexError) -> [String]? {
        for seg in segments {
            for d in 0..<seg.docCount where !seg.isDead(d) {
                let (i, _) = try seg.idAndHash(d)
                if i == id { return seg.values.keyEntries(d).map { seg.values.key(seg.values.keyOrdinal($0)) } }
            }
        }
        return nil
    }

    /// Counts the facets `request` asks for over `matches` (per segment: live matching documents, ascending).
    ///
    /// Counting adds integers per ordinal; only the keys that make a list are decoded (with one
    /// segment, ordinals sort as keys do, so the top keys are chosen before any is decoded).
    func countFacets(_ matches: [(SegmentReader, [UInt32])], _ request: FacetRequest) throws(IndexError) -> FacetCounts {
        var out = FacetCounts()
        let limit = request.limit > 0 ? request.limit : Int.max
        if !request.keyPrefixes.isEmpty {
            // Per segment: per-ordinal counts, and per prefix the (ordinal, count) pairs of its range.
            var perPrefix = [[(seg: Int, ord: Int, count: Int)]](repeating: [], count: request.keyPrefixes.count)
            for (si, (seg, docs)) in matches.enumerated() where !docs.isEmpty {
                let v = seg.values
                let ranges = request.keyPrefixes.map { v.keyOrdinals(prefix: $0) }
                guard ranges.contains(where: { !$0.isEmpty }) else { continue }
                var counts = [Int32](repeating: 0, count: v.keyCount)
                counts.withUnsafeMutableBufferPointer { c in
                    for d in docs {
                        for i in v.keyEntries(Int(d)) { c[v.keyOrdinal(i)] &+= 1 }
                    }
                }
                for (pi, r) in ranges.enumerated() {
                    for o in r where counts[o] > 0 { perPrefix[pi].append((si, o, Int(counts[o]))) }
                }
            }
            for (pi, prefix) in request.keyPrefixes.enumerated() {
                let entries = perPrefix[pi]
                var values: [FacetValue]
                if Set(entries.map(\.seg)).count <= 1 {
                    let top = entries.sorted { $0.count != $1.count ? $0.count > $1.count : $0.ord < $1.ord }.prefix(limit)
                    values = top.map { FacetValue(key: matches[$0.seg].0.values.key($0.ord), count: $0.count) }
                } else {
                    var merged: [String: Int] = [:]
                    for e in entries { merged[matches[e.seg].0.values.key(e.ord), default: 0] += e.count }
                    values = merged.map { FacetValue(key: $0.key, count: $0.value) }
                    values.sort { $0.count != $1.count ? $0.count > $1.count : $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                    if values.count > limit { values.removeLast(values.count - limit) }
                }
                out.keys[prefix] = values
            }
        }
        for field in request.numberFields {
            var buckets: [Int: Int] = [:]
            for (seg, docs) in matches where !docs.isEmpty {
                let v = seg.values
                guard let f = v.fieldOrdinal(of: field) else { continue }
                var exponents = [Int32](repeating: .min, count: v.valueCount)
                var seen: [Int32] = []
                for d in docs {
                    seen.removeAll(keepingCapacity: true)
                    for i in v.numberEntries(Int(d)) {
                        let (nf, nv) = v.number(i)
                        guard nf == f else { continue }
                        var e = exponents[nv]
                        if e == .min {
                            e = Int32(clamping: Decimal10.exponent(v.valueBytes(nv)))
                            exponents[nv] = e
                        }
                        if !seen.contains(e) {
                            seen.append(e)
                            buckets[Int(e), default: 0] += 1
                        }
                    }
                }
            }
            out.numbers[field] = buckets.sorted { $0.key < $1.key }.map { NumberBucket(exponent: $0.key, count: $0.value) }
        }
        if request.months {
            var months: [Int32: Int] = [:]
            for (seg, docs) in matches {
                for d in docs {
                    let date = seg.norm(Int(d)).date
                    guard date >= 0, (date / 100) % 100 != 0 else { continue }
                    months[date / 100, default: 0] += 1
                }
            }
            out.months = months.sorted { $0.key < $1.key }.map { key, count in
                let y = String(key / 100), m = String(key % 100)
                return MonthCount(month: String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (m.count < 2 ? "0" : "") + m, count: count)
            }
        }
        return out
    }

    /// A cursor on the postings a term-dictionary entry points to, or nil when there is none.
    private func decode(_ info: TermInfo?, in segment: SegmentReader) throws(IndexError) -> PostingsCursor? {
        guard let info else { return nil }
        return try segment.cursor(info)
    }

    /// A closeness bonus in (0, 1]: 1 when the second word follows the first directly.
    static func proximity(_ a: ArraySlice<UInt32>, _ aLen: Int, _ b: ArraySlice<UInt32>) -> Double {
        var best = Int.max
        var i = a.startIndex, j = b.startIndex
        while i < a.endIndex && j < b.endIndex {
            let x = Int(a[i]), y = Int(b[j])
            let gap = y >= x ? max(0, y - x - aLen) : max(0, x - y)
            best = min(best, gap)
            if x < y { i += 1 } else { j += 1 }
        }
        return best == Int.max ? 0 : 1.0 / (1.0 + Double(best) / 4.0)
    }

    static func positiveLeaves(_ node: QueryNode, scope: FieldScope, into out: inout [(text: String, scope: FieldScope)]) {
        switch node {
        case .term(let s), .phrase(let s): out.append((s, scope))
        case .and(let c), .or(let c): for x in c { positiveLeaves(x, scope: scope, into: &out) }
        case .field(let f, let x): positiveLeaves(x, scope: f.lowercased() == "title" ? .title : f.lowercased() == "text" ? .text : scope, into: &out)
        case .not, .dateRange, .facet, .number, .filter: break
        }
    }

    func normalizedScalars(_ s: String) -> [UInt32] {
        normalizer.normalizedScalarValues(s)
    }

    /// The hit for `sd`: its snippet and title highlights. `aligned[i]` holds the index positions
    /// where query term i stands as a word (title, then text after `titleLength` + 1): where a term
    /// has such occurrences in a field, only those are marked there, so 京东 is shown where it is the
    /// company rather than inside 北京东城区 in the same article.
    private func makeHit(_ sd: StoredDocument, score: Double, highlight: [([UInt32], FieldScope)],
                         aligned: [ArraySlice<UInt32>], titleLength: Int, words: Segmenter?) -> SearchHit {
        /// The matches of each highlighted term in `text` (original scalar offsets), one list per term.
        func rangesByTerm(_ text: String, _ scalars: [Unicode.Scalar], _ scope: FieldScope) -> [[Range<Int>]] {
            // Normalised starts of each term's word-aligned occurrences in this field.
            func alignedStarts(_ term: Int) -> Set<Int> {
                guard term < aligned.count else { return [] }
                var out = Set<Int>()
                for p in aligned[term] {
                    let q = Int(p)
                    if scope == .title, q < titleLength { out.insert(q) }
                    if scope == .text, q > titleLength { out.insert(q - titleLength - 1) }
                }
                return out
            }
            let needles = highlight.enumerated().filter { !$0.element.0.isEmpty && ($0.element.1 == .all || $0.element.1 == scope) }
            func keep(_ term: Int, _ starts: [Int]) -> [Int] {
                let words = alignedStarts(term)
                if words.isEmpty { return starts }
                let standing = starts.filter { words.contains($0) }
                return standing.isEmpty ? starts : standing
            }
            // Most news normalises one scalar to one: then normalised offsets are the original ones.
            if let hay = fold.normalizedOneToOne(scalars) {
                return needles.map { term, h in keep(term, Self.find(h.0, in: hay)).map { $0..<($0 + h.0.count) } }
            }
            let normalized = normalizer.normalize(text)
            let hay = normalized.scalars.map { $0.value }
            return needles.map { term, h in
                keep(term, Self.find(h.0, in: hay)).map { normalized.originalRange($0..<($0 + h.0.count)) }
            }
        }
        // Per query term, so a window holding 京东 and 宿迁 beats one holding 京东 twice.
        let textScalars = Array(sd.text.unicodeScalars)
        let snippet = SnippetBuilder(width: 80).snippet(
            scalars: textScalars, matchesByTerm: rangesByTerm(sd.text, textScalars, .text), words: words)
        var titleRanges: [Range<Int>] = []
        for r in rangesByTerm(sd.title, Array(sd.title.unicodeScalars), .title).joined().sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = titleRanges.last, r.lowerBound <= last.upperBound {
                titleRanges[titleRanges.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                titleRanges.append(r)
            }
        }
        return SearchHit(id: sd.id, title: sd.title, date: sd.date, score: score, snippet: snippet,
                         titleHighlights: titleRanges, stored: sd.stored)
    }

    /// Start offsets of every occurrence of `needle` in `hay` (overlapping ones included).
    static func find(_ needle: [UInt32], in hay: [UInt32]) -> [Int] {
        guard !needle.isEmpty, hay.count >= needle.count else { return [] }
        var out: [Int] = []
        let first = needle[0]
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { out.append(i) }
            }
            i += 1
        }
        return out
    }

    // MARK: Documents and figures

    /// id → content hash of every live document (what a refresh compares against its sources).
    public func documentHashes() throws(IndexError) -> [String: String] {
        var out: [String: String] = [:]
        out.reserveCapacity(liveDocuments)
        for seg in segments {
            for d in 0..<seg.docCount where !seg.isDead(d) {
                let (id, h) = try seg.idAndHash(d)
                out[id] = h
            }
        }
        return out
    }

    /// The stored document with `id`, or nil.
    public func document(id: String) throws(IndexError) -> IndexDocument? {
        for seg in segments {
            for d in 0..<seg.docCount where !seg.isDead(d) {
                let (i, _) = try seg.idAndHash(d)
                if i == id { return try seg.document(d).indexDocument }
            }
        }
        return nil
    }

    /// Every live document, in segment order (for tests and exports).
    public func allDocuments() throws(IndexError) -> [IndexDocument] {
        var out: [IndexDocument] = []
        for seg in segments {
            for d in 0..<seg.docCount where !seg.isDead(d) {
                out.append(try seg.document(d).indexDocument)
            }
        }
        return out
    }

    /// Sizes and counts of the commit.
    public func stats() -> IndexStats {
        var st = IndexStats(documents: liveDocuments, deletedDocuments: 0, terms: 0, segments: segments.count,
                            postingsBytes: 0, storedBytes: 0, otherBytes: 0, totalBytes: 0, generation: commit.generation,
                            committedAt: Date(timeIntervalSince1970: commit.createdAt), analyzer: commit.analyzer)
        for s in segments {
            st.deletedDocuments += s.docCount - s.liveCount
            st.terms += s.meta.termCount
            st.postingsBytes += s.terms.bytes.count + s.post.bytes.count + s.pos.bytes.count
            st.storedBytes += s.store.bytes.count
            st.otherBytes += s.norms.bytes.count + s.values.file.bytes.count + (s.deletes?.bytes.count ?? 0)
        }
        st.totalBytes = st.postingsBytes + st.storedBytes + st.otherBytes
        return st
    }

    /// Verifies every file of the newest commit in `directory` (framing, checksums, structure).
    static func check(directory: URL) -> [IndexProblem] {
        var problems: [IndexProblem] = []
        let commit: Commit
        do { commit = try Commit.latest(directory) } catch {
            return [IndexProblem(file: Commit.generations(in: directory).first.map(Commit.fileName) ?? directory.lastPathComponent, message: "\(error)")]
        }
        for meta in commit.segments {
            do {
                let seg = try SegmentReader(directory: directory, meta: meta, verify: true)
                // Walk every stored document so a damaged record is found too.
                for d in 0..<seg.docCount { _ = try seg.document(d) }
            } catch {
                problems.append(IndexProblem(file: Self.fileName(of: error) ?? meta.name, message: "\(error)"))
            }
        }
        return problems
    }

    static func fileName(of error: IndexError) -> String? {
        switch error {
        case .corrupt(let f, _, _), .foreignFile(let f, _), .missingFile(let f): return f
        default: return nil
        }
    }
}

/// Evaluates a query tree on one segment to the sorted list of matching live documents.
struct EvalContext {
    let reader: IndexReader
    let segment: SegmentReader
    private var cache: [CacheKey: [UInt32]] = [:]
    private struct CacheKey: Hashable { var s: [UInt32]; var scope: FieldScope }

    init(reader: IndexReader, segment: SegmentReader) {
        self.reader = reader
        self.segment = segment
    }

    /// The count of a plain term without evaluating documents, when the postings tell it directly.
    func fastCount(_ term: String) throws(IndexError) -> Int? {
        let s = reader.normalizedScalars(term)
        guard s.count == 2, !segment.hasDeletions else { return nil }
        return try segment.lookup(TermKey.bigram(s[0], s[1]))?.docFreq ?? 0
    }

    /// The number of live documents containing `s` in `scope`.
    mutating func documentFrequency(_ s: [UInt32], scope: FieldScope) throws(IndexError) -> Int {
        if scope == .all, !segment.hasDeletions {
            if s.count == 2 { return try segment.lookup(TermKey.bigram(s[0], s[1]))?.docFreq ?? 0 }
            if s.count == 1 { return try segment.lookup(TermKey.unigram(s[0]))?.docFreq ?? 0 }
        }
        return try docs(s, scope).count
    }

    private mutating func docs(_ s: [UInt32], _ scope: FieldScope) throws(IndexError) -> [UInt32] {
        let key = CacheKey(s: s, scope: scope)
        if let hit = cache[key] { return hit }
        let r = try SubstringMatcher(segment: segment).match(s, scope: scope, detail: .docs).docs
        cache[key] = r
        return r
    }

    private func allLive() -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(segment.liveCount)
        for d in 0..<segment.docCount where !segment.isDead(d) { out.append(UInt32(d)) }
        return out
    }

    mutating func eval(_ node: QueryNode, scope: FieldScope) throws(IndexError) -> [UInt32] {
        switch node {
        case .term(let t), .phrase(let t):
            let s = reader.normalizedScalars(t)
            if s.isEmpty { return allLive() }
            return try docs(s, scope)
        case .and(let children):
            var positive: [UInt32]? = nil
            var negative: [QueryNode] = []
            // Most selective first would need estimates; evaluate in order, stop when empty.
            for c in children {
                if case .not(let x) = c { negative.append(x); continue }
                let r = try eval(c, scope: scope)
                positive = positive.map { DocSets.intersect($0, r) } ?? r
                if positive?.isEmpty == true { return [] }
            }
            var result = positive ?? allLive()
            for x in negative where !result.isEmpty {
                result = DocSets.subtract(result, try eval(x, scope: scope))
            }
            return result
        case .or(let children):
            var result: [UInt32] = []
            for c in children { result = DocSets.union(result, try eval(c, scope: scope)) }
            return result
        case .not(let x):
            return DocSets.subtract(allLive(), try eval(x, scope: scope))
        case .field(let name, let x):
            switch name.lowercased() {
            case "title": return try eval(x, scope: .title)
            case "text": return try eval(x, scope: .text)
            default: throw .query(message: "unknown field \(name):", position: 0, query: "\(name):")
            }
        case .dateRange(let from, let to):
            let lo = from.map { DateKey.parse($0) } ?? Int32.min
            let hi = to.map { DateKey.parse($0) } ?? Int32.max
            var out: [UInt32] = []
            for d in 0..<segment.docCount where !segment.isDead(d) {
                let date = segment.norm(d).date
                if date >= 0 && DateKey.last(date) >= lo && date <= hi { out.append(UInt32(d)) }
            }
            return out
        case .facet(let key):
            // The postings of the key's hash, kept where the document has the key itself: a hash
            // shared with another key never lets a document match a key it does not have.
            let values = segment.values
            guard let ord = values.keyOrdinal(of: key), let info = try segment.lookup(TermKey.facet(key)) else { return [] }
            return try segment.facetDocuments(info).filter { !segment.isDead(Int($0)) && values.has(Int($0), key: ord) }
        case .number(let field, let range):
            let bounds = try Self.canonical(range, node)
            let values = segment.values
            guard let f = values.fieldOrdinal(of: field) else { return [] }
            let inside = values.valueOrdinals(bounds)
            guard !inside.isEmpty else { return [] }
            var out: [UInt32] = []
            for d in 0..<segment.docCount where !segment.isDead(d) {
                for i in values.numberEntries(d) {
                    let (nf, nv) = values.number(i)
                    if nf == f && inside.contains(nv) { out.append(UInt32(d)); break }
                }
            }
            return out
        case .filter(let name, _, _):
            throw .query(message: "unknown field \"\(name)\": the index has only title, text and date; filters must be resolved into facet and number nodes before searching",
                         position: 0, query: node.description)
        }
    }

    /// The ends of `range` in canonical form; a malformed end throws `IndexError.query`.
    static func canonical(_ range: NumberRange, _ node: QueryNode) throws(IndexError) -> CanonicalRange {
        func end(_ s: String?) throws(IndexError) -> String? {
            guard let s else { return nil }
            guard let c = Decimal10.canonical(s) else {
                throw .query(message: "bad number \"\(s)\": write digits with at most one '.', like 2.59 or 1000000000", position: 0, query: node.description)
            }
            return c
        }
        return CanonicalRange(lower: try end(range.lower), lowerInclusive: range.lowerInclusive,
                              upper: try end(range.upper), upperInclusive: range.upperInclusive)
    }
}
