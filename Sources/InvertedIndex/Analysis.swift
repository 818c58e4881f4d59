import Foundation
import ChineseText

/// Keys of the term dictionary: a bigram (a, b) is a<<21 | b; a unigram c is unigramBase | c; a word
/// (a token of the segmenter) is wordBase | a 63-bit hash of its normalised scalars.
///
/// Why integers: 434k bigrams of the news corpus would be 434k Strings; as UInt64 they sort and pack.
/// Facet keys (facetBase | a 62-bit hash of the key) sort after every bigram and unigram and words after
/// them, so the four families never share a key. Two words
/// with the same hash would share postings; that can only blur a score, never recall (bigrams decide it).
enum TermKey {
    static let unigramBase: UInt64 = 0x1F_FFFF << 21
    static let wordBase: UInt64 = 1 << 63
    /// Facet keys live in [1<<62, 1<<63): above every bigram and unigram, below every word.
    static let facetBase: UInt64 = 1 << 62
    @inline(__always) static func bigram(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 21 | UInt64(b) }
    @inline(__always) static func unigram(_ c: UInt32) -> UInt64 { unigramBase | UInt64(c) }
    @inline(__always) static func isUnigram(_ k: UInt64) -> Bool { k >= unigramBase && k < facetBase }
    @inline(__always) static func isFacet(_ k: UInt64) -> Bool { k >= facetBase && k < wordBase }
    @inline(__always) static func isWord(_ k: UInt64) -> Bool { k >= wordBase }

    /// The key of a facet: facetBase | a 62-bit hash of its UTF-8 bytes.
    ///
    /// Two keys may share a hash; evaluation checks each document's exact key ordinals, so a
    /// collision costs a little time, never a wrong match.
    static func facet(_ key: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return facetBase | (h >> 2)
    }

    /// The key of the word made of `scalars[range]` (normalised scalar values): FNV-1a, then mixed.
    @inline(__always) static func word(_ scalars: UnsafeBufferPointer<UInt32>, _ range: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in range {
            h = (h ^ UInt64(scalars[i])) &* 0x0000_0100_0000_01B3
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return wordBase | (h >> 1)
    }

    /// The length of the number at the start of `scalars[range]`: ASCII digits with inner . or ,
    /// (6.67, 1,234), ending on a digit; 0 when the range does not start with a digit.
    static func numberPrefix(_ scalars: UnsafeBufferPointer<UInt32>, _ range: Range<Int>) -> Int {
        var lastDigit = -1
        var i = range.lowerBound
        while i < range.upperBound {
            let v = scalars[i]
            if v >= 0x30 && v <= 0x39 {
                lastDigit = i
            } else if !(v == 0x2E || v == 0x2C) || lastDigit != i - 1 {
                break
            }
            i += 1
        }
        return lastDigit < 0 ? 0 : lastDigit + 1 - range.lowerBound
    }

    /// The key of the word `scalars` (normalised scalar values).
    static func word(_ scalars: [UInt32]) -> UInt64 {
        scalars.withUnsafeBufferPointer { word($0, 0..<$0.count) }
    }
}

/// The analysed form of one document, computed in parallel before the single-threaded writer takes it.
///
/// Occurrences are grouped by term in first-occurrence order (deterministic), positions ascending.
struct AnalyzedDocument: Sendable {
    /// Distinct keys of the terms with positions: bigrams and words.
    var positionalKeys: [UInt64] = []
    /// Occurrences of each positional key.
    var positionalCounts: [UInt32] = []
    /// Positions (a bigram's first scalar, a word's first scalar), grouped like the keys, ascending
    /// within a group.
    var positions: [UInt32] = []
    /// Distinct scalars.
    var unigramKeys: [UInt64] = []
    /// Occurrences of each scalar in the title and in the text.
    var unigramTitle: [UInt32] = []
    var unigramText: [UInt32] = []
    var titleLength: UInt32 = 0
    var textLength: UInt32 = 0
    var date: Int32 = -1

    /// Positions live in 22 bits: title, one gap, text.
    static let maxPositions = 1 << 22
}

/// Groups a document's occurrences by key with a stamped open-addressing table (no sorting).
///
/// A slot holds its key, stamp and group together, so a probe touches one cache line.
struct Grouper {
    private struct Slot {
        var key: UInt64
        var stamp: UInt32
        var group: Int32
    }
    private var slots: [Slot] = []
    private var stamp: UInt32 = 0
    private var mask = 0

    private mutating func reset(for n: Int) {
        var c = 1024
        while c < n * 2 { c <<= 1 }
        if c > slots.count {
            slots = Array(repeating: Slot(key: 0, stamp: 0, group: 0), count: c)
            mask = c - 1
            stamp = 0
        }
        stamp &+= 1
        if stamp == 0 {
            for i in slots.indices { slots[i].stamp = 0 }
            stamp = 1
        }
    }

    /// The group number of each key (dense, in first-occurrence order) and the distinct keys.
    mutating func group(_ input: [UInt64], into groupOf: inout [Int32], distinct: inout [UInt64]) {
        reset(for: input.count)
        groupOf.removeAll(keepingCapacity: true)
        groupOf.reserveCapacity(input.count)
        distinct.removeAll(keepingCapacity: true)
        let m = mask, st = stamp
        slots.withUnsafeMutableBufferPointer { slots in
            for k in input {
                var i = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 24) & m
                while true {
                    if slots[i].stamp != st {
                        let g = Int32(distinct.count)
                        slots[i] = Slot(key: k, stamp: st, group: g)
                        distinct.append(k)
                        groupOf.append(g)
                        break
                    }
                    if slots[i].key == k {
                        groupOf.append(slots[i].group)
                        break
                    }
                    i = (i + 1) & m
                }
            }
        }
    }
}

/// Normalises fields and cuts them into character bigrams, unigrams and words.
///
/// Bigrams and unigrams decide which documents match (exact substring recall); words, cut from the
/// same normalised buffer by the segmenter the queries use, decide how well (word-aligned
/// occurrences, see `WordRanking`). Title and text are segmented apart, so no word spans the gap.
struct DocumentAnalyzer: Sendable {
    let normalizer = Normalizer()
    /// Segmenters over the analyser's dictionary, one per analysing thread.
    let segmenters: SegmenterPool

    /// An analyser segmenting with `dictionary` (the overlay the queries use too).
    init(dictionary: WordDictionary) {
        segmenters = SegmenterPool(dictionary: dictionary, hanBreaks: true)
    }

    /// The normalised scalars of `s` as UInt32 values.
    func scalars(_ s: String) -> [UInt32] {
        normalizer.normalizedScalarValues(s)
    }

    /// Scratch space reused across documents by one thread.
    struct Scratch {
        var grouper = Grouper()
        var keys: [UInt64] = []
        var groupOf: [Int32] = []
        var distinct: [UInt64] = []
        var cursor: [Int] = []
    }

    func analyze(_ doc: IndexDocument) throws(IndexError) -> AnalyzedDocument {
        var scratch = Scratch()
        let segmenter = try segmenters.takeOrThrow()
        defer { segmenters.give(segmenter) }
        return try analyze(doc, scratch: &scratch, segmenter: segmenter)
    }

    /// Appends the word keys of `field` (segmented alone) and their positions (`base` + offset).
    ///
    /// A number token that carries its unit (6.67%, 2000年, 3.5亿) also gives its bare number at the
    /// same position, so the query 6.67 stands on word boundaries there (and never inside 16.67); a
    /// compound the dictionary covers (华为公司) also gives its parts (华为, 公司).
    private func words(_ field: [UInt32], base: Int, segmenter: Segmenter, keys: inout [UInt64], positions: inout [UInt32]) {
        field.withUnsafeBufferPointer { buffer in
            segmenter.segmentScalarValues(field, parts: { start, end in
                guard start < end, end <= buffer.count else { return }
                keys.append(TermKey.word(buffer, start..<end))
                positions.append(UInt32(truncatingIfNeeded: base + start))
            }) { start, end, kind in
                guard kind != .punctuation, start < end, end <= buffer.count else { return }
                keys.append(TermKey.word(buffer, start..<end))
                positions.append(UInt32(truncatingIfNeeded: base + start))
                if kind == .number {
                    let digits = TermKey.numberPrefix(buffer, start..<end)
                    if digits > 0 && digits < end - start {
                        keys.append(TermKey.word(buffer, start..<(start + digits)))
                        positions.append(UInt32(truncatingIfNeeded: base + start))
                    }
                }
            }
        }
    }

    func analyze(_ doc: IndexDocument, scratch: inout Scratch, segmenter: Segmenter) throws(IndexError) -> AnalyzedDocument {
        let title = scalars(doc.title)
        let text = scalars(doc.text)
        let total = title.count + 1 + text.count
        guard total < AnalyzedDocument.maxPositions else {
            throw .invalidDocument(id: doc.id, reason: "title and text have \(total) characters; the limit is \(AnalyzedDocument.maxPositions - 1)")
        }
        var a = AnalyzedDocument()
        a.titleLength = UInt32(title.count)
        a.textLength = UInt32(text.count)
        a.date = DateKey.parse(doc.date)
        // Bigrams, in position order, with their positions.
        var keys = scratch.keys
        keys.removeAll(keepingCapacity: true)
        var posOf: [UInt32] = []
        posOf.reserveCapacity(max(0, total - 2))
        if title.count >= 2 {
            for p in 0..<(title.count - 1) { keys.append(TermKey.bigram(title[p], title[p + 1])); posOf.append(UInt32(p)) }
        }
        let base = title.count + 1
        if text.count >= 2 {
            for p in 0..<(text.count - 1) { keys.append(TermKey.bigram(text[p], text[p + 1])); posOf.append(UInt32(base + p)) }
        }
        // Words, title then text: their positions ascend within each key, as the grouping needs.
        words(title, base: 0, segmenter: segmenter, keys: &keys, positions: &posOf)
        words(text, base: base, segmenter: segmenter, keys: &keys, positions: &posOf)
        scratch.grouper.group(keys, into: &scratch.groupOf, distinct: &scratch.distinct)
        a.positionalKeys = scratch.distinct
        var counts = [UInt32](repeating: 0, count: a.positionalKeys.count)
        for g in scratch.groupOf { counts[Int(g)] += 1 }
        var cursor = scratch.cursor
        cursor.removeAll(keepingCapacity: true)
        var acc = 0
        for c in counts { cursor.append(acc); acc += Int(c) }
        var positions = [UInt32](repeating: 0, count: keys.count)
        for (i, g) in scratch.groupOf.enumerated() {
            positions[cursor[Int(g)]] = posOf[i]
            cursor[Int(g)] += 1
        }
        a.positionalCounts = counts
        a.positions = positions
        // Unigrams with per-field counts.
        keys.removeAll(keepingCapacity: true)
        for c in title { keys.append(UInt64(c)) }
        for c in text { keys.append(UInt64(c)) }
        scratch.grouper.group(keys, into: &scratch.groupOf, distinct: &scratch.distinct)
        a.unigramKeys = scratch.distinct
        var inTitle = [UInt32](repeating: 0, count: a.unigramKeys.count)
        var inText = [UInt32](repeating: 0, count: a.unigramKeys.count)
        for (i, g) in scratch.groupOf.enumerated() {
            if i < title.count { inTitle[Int(g)] += 1 } else { inText[Int(g)] += 1 }
        }
        a.unigramTitle = inTitle
        a.unigramText = inText
        scratch.keys = keys
        scratch.cursor = cursor
        return a
    }

    /// Analyses `docs` on all cores; the result is in input order (deterministic).
    func analyzeAll(_ docs: [IndexDocument]) throws(IndexError) -> [AnalyzedDocument] {
        let n = docs.count
        if n == 0 { return [] }
        // Small chunks (16 documents for 2 cores) so no core idles long at a batch's end waiting for the last.
        let chunks = min(n, max(1, ProcessInfo.processInfo.activeProcessorCount * 16))
        let box = ResultBox(count: n)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = c * n / chunks, hi = (c + 1) * n / chunks
            var scratch = Scratch()
            let segmenter: Segmenter
            do throws(IndexError) { segmenter = try segmenters.takeOrThrow() } catch {
                for i in lo..<hi { box.set(i, .failure(error)) }
                return
            }
            defer { segmenters.give(segmenter) }
            for i in lo..<hi {
                do throws(IndexError) { box.set(i, .success(try analyze(docs[i], scratch: &scratch, segmenter: segmenter))) } catch { box.set(i, .failure(error)) }
            }
        }
        var out: [AnalyzedDocument] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            switch box.take(i) {
            case .success(let a): out.append(a)
            case .failure(let e): throw e
            case nil: throw .invalidDocument(id: docs[i].id, reason: "analysis produced no result")
            }
        }
        return out
    }
}

/// Slots written by distinct threads at distinct indices (never the same slot twice).
private final class ResultBox: @unchecked Sendable {
    private var slots: UnsafeMutableBufferPointer<Result<AnalyzedDocument, IndexError>?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
    func set(_ i: Int, _ r: Result<AnalyzedDocument, IndexError>) { slots[i] = r }
    func take(_ i: Int) -> Result<AnalyzedDocument, IndexError>? {
        let r = slots[i]
        slots[i] = nil
        return r
    }
}

/// Segmenters over one dictionary, reused across documents and searches (one per concurrent user).
///
/// Why a pool: a segmenter owns an ICU break iterator and scratch buffers (not Sendable) and costs
/// a few milliseconds to make; threads borrow one and give it back.
final class SegmenterPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [Segmenter] = []
    private let dictionary: WordDictionary
    /// Segmenters split runs of ideographs with ICU's dictionary from a table (`HanDictionaryBreak`):
    /// the same tokens as ICU's, in less time, after a one-off load of about 60 ms. Worth it for
    /// indexing; a query's few characters are left to ICU.
    private let hanBreaks: Bool

    init(dictionary: WordDictionary, hanBreaks: Bool = false) {
        self.dictionary = dictionary
        self.hanBreaks = hanBreaks
    }

    /// A free segmenter, or a new one; nil when ICU's word break data is missing.
    func take() -> Segmenter? {
        try? takeOrThrow()
    }

    /// A free segmenter, or a new one; the error says why none could be made.
    func takeOrThrow() throws(IndexError) -> Segmenter {
        lock.lock()
        if let s = free.popLast() {
            lock.unlock()
            return s
        }
        lock.unlock()
        do {
            return try Segmenter(dictionary: dictionary, hanBreaks: hanBreaks ? HanDictionaryBreak.system : nil)
        } catch {
            throw .analyzerUnavailable(reason: "\(error)")
        }
    }

    /// Returns `s` to the pool.
    func give(_ s: Segmenter?) {
        guard let s else { return }
        lock.lock()
        free.append(s)
        lock.unlock()
    }
}
