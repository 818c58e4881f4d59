import Foundation
import CICU

/// Open-addressing hash map from term keys to dense term numbers.
///
/// Why not Dictionary: ~14M lookups per full build of the news corpus; this one is a multiply and a
/// probe, and a key sits next to its number (one cache miss a lookup, not two).
final class TermTable {
    private struct Entry {
        var key: UInt64
        var value: Int32
    }
    private var entries: UnsafeMutableBufferPointer<Entry>
    private var mask: Int
    private(set) var count = 0
    private static let empty = UInt64.max

    init(capacity: Int = 1 << 16) {
        var c = 1
        while c < capacity * 2 { c <<= 1 }
        entries = .allocate(capacity: c)
        entries.initialize(repeating: Entry(key: Self.empty, value: -1))
        mask = c - 1
    }

    deinit { entries.deallocate() }

    var memoryBytes: Int { entries.count * MemoryLayout<Entry>.stride }
    /// The number of slots.
    var capacity: Int { entries.count }

    @inline(__always) private static func slot(_ k: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// Starts loading the slot where a lookup of `key` begins (a hint to overlap cache misses).
    @inline(__always) func prefetch(_ key: UInt64) {
        cicu_prefetch(entries.baseAddress.map { $0 + Self.slot(key, mask) })
    }

    /// The number for `key`, inserting `next` when absent. Returns (number, inserted).
    @inline(__always) func findOrInsert(_ key: UInt64, next: Int32) -> (Int32, Bool) {
        if (count + 1) * 2 > entries.count { grow() }
        var i = Self.slot(key, mask)
        while true {
            let k = entries[i].key
            if k == key { return (entries[i].value, false) }
            if k == Self.empty {
                entries[i] = Entry(key: key, value: next)
                count += 1
                return (next, true)
            }
            i = (i + 1) & mask
        }
    }

    private func grow() {
        let old = entries
        let c = old.count * 2
        entries = .allocate(capacity: c)
        entries.initialize(repeating: Entry(key: Self.empty, value: -1))
        mask = c - 1
        for e in old where e.key != Self.empty {
            var i = Self.slot(e.key, mask)
            while entries[i].key != Self.empty { i = (i + 1) & mask }
            entries[i] = e
        }
        old.deallocate()
    }
}

/// Facts about a written segment, recorded in the commit.
struct SegmentMeta: Codable, Sendable, Hashable {
    var name: String
    var docCount: Int
    var deletedCount: Int
    var deleteGeneration: Int
    var titleLengthSum: Int
    var textLengthSum: Int
    var termCount: Int
    var files: [String: FileMeta]
}

/// One file of a commit: its size and checksum (hex XXH64).
struct FileMeta: Codable, Sendable, Hashable {
    var size: Int
    var checksum: String
}

/// The in-memory segment the writer fills: per-term varint buffers in arrival order, then
/// re-encoded into packed blocks when flushed.
struct SegmentBuilder {
    private var table = TermTable()
    private var termKeys: [UInt64] = []
    private let pool = BytePool()
    /// The ids of the documents added, by local number.
    private(set) var ids: [String] = []
    /// The stored records, written to a spool file as documents arrive (not held in memory).
    private let store: StoreSpool
    private var norms: [(UInt32, UInt32, Int32)] = []
    private var bufferBytes = 0
    private var storedBytes = 0
    /// Local document numbers deleted before the flush.
    var deleted = Set<Int>()
    /// The facets and numbers of the documents added, for the doc-values file.
    private var values = DocValuesBuilder()

    /// A builder whose stored records spool into a file in `directory` (renamed into place by `write`).
    init(directory: URL) {
        store = StoreSpool(directory: directory)
    }

    var docCount: Int { ids.count }

    /// The estimate of memory that decides when the writer flushes: the same figure as when the
    /// builder held its documents (pages, per-term state, table slots, twice the stored text), so a
    /// build flushes its segments where it always did.
    var estimatedBytes: Int {
        pool.pageBytes + termKeys.count * 37 + table.capacity * 12 + storedBytes * 2 + ids.count * 200 + values.estimatedBytes
    }

    @inline(__always) private mutating func term(_ key: UInt64) -> Int {
        let (t, inserted) = table.findOrInsert(key, next: Int32(termKeys.count))
        if inserted {
            termKeys.append(key)
            pool.newStream()
        }
        return Int(t)
    }

    /// Adds one analysed document; returns its local number.
    mutating func add(_ doc: IndexDocument, _ a: AnalyzedDocument) -> Int {
        let d = Int32(ids.count)
        ids.append(doc.id)
        store.add(doc)
        norms.append((a.titleLength, a.textLength, a.date))
        storedBytes += doc.text.utf8.count + doc.title.utf8.count + 64
        // Resolve term numbers first (this may add terms and move the stream states), then append.
        var ids = [Int32](repeating: 0, count: a.positionalKeys.count + a.unigramKeys.count)
        let nb = a.positionalKeys.count
        let table = self.table
        a.positionalKeys.withUnsafeBufferPointer { keys in
            for i in 0..<nb {
                if i + 8 < nb { table.prefetch(keys[i + 8]) }
                ids[i] = Int32(truncatingIfNeeded: term(keys[i]))
            }
        }
        let nu = a.unigramKeys.count
        a.unigramKeys.withUnsafeBufferPointer { chars in
            for i in 0..<nu {
                if i + 8 < nu { table.prefetch(TermKey.unigram(UInt32(truncatingIfNeeded: chars[i + 8]))) }
                ids[nb + i] = Int32(truncatingIfNeeded: term(TermKey.unigram(UInt32(truncatingIfNeeded: chars[i]))))
            }
        }
        var added = 0
        var p = 0
        let pool = self.pool
        let streams = pool.streams
        a.positions.withUnsafeBufferPointer { positions in
            a.positionalCounts.withUnsafeBufferPointer { counts in
                for g in 0..<nb {
                    // Start loading the state of a term a few groups ahead, and the slice its
                    // bytes go to for a nearer one (its state loaded by now): the misses overlap.
                    if g + 16 < nb { cicu_prefetch(streams + Int(ids[g + 16])) }
                    if g + 8 < nb { cicu_prefetch(pool.address(Int(streams[Int(ids[g + 8])].cursor))) }
                    let s = streams + Int(ids[g])
                    added += pool.varint(s, UInt32(bitPattern: d &- s.pointee.lastDoc &- 1))
                    s.pointee.lastDoc = d
                    s.pointee.docFreq += 1
                    let f = Int(counts[g])
                    added += pool.varint(s, UInt32(f))
                    var prev: UInt32 = 0
                    for k in p..<(p + f) {
                        let pos = positions[k]
                        added += pool.varint(s, pos &- prev)
                        prev = pos
                    }
                    p += f
                }
            }
        }
        for u in 0..<nu {
            if u + 16 < nu { cicu_prefetch(streams + Int(ids[nb + u + 16])) }
            if u + 8 < nu { cicu_prefetch(pool.address(Int(streams[Int(ids[nb + u + 8])].cursor))) }
            let s = streams + Int(ids[nb + u])
            added += pool.varint(s, UInt32(bitPattern: d &- s.pointee.lastDoc &- 1))
            s.pointee.lastDoc = d
            s.pointee.docFreq += 1
            added += pool.varint(s, a.unigramTitle[u])
            added += pool.varint(s, a.unigramText[u])
        }
        // Facet postings: document numbers only. Two keys of one document may share a hash: the
        // document goes in that term's postings once (readers check the exact key ordinals).
        for key in values.add(doc) {
            let t = term(TermKey.facet(key))
            let s = pool.streams + t
            if s.pointee.lastDoc == d { continue }
            added += pool.varint(s, UInt32(bitPattern: d &- s.pointee.lastDoc &- 1))
            s.pointee.lastDoc = d
            s.pointee.docFreq += 1
        }
        bufferBytes += added
        return Int(d)
    }

    /// Encodes `sorted[range]` (term numbers in key order): each term's postings, read back from the
    /// pool, through `EncodedRun.append`.
    fileprivate func encode(_ sorted: UnsafeBufferPointer<Int32>, _ range: Range<Int>) -> EncodedRun {
        var run = EncodedRun()
        var postings = TermPostings()
        let streams = pool.streams
        termKeys.withUnsafeBufferPointer { termKeys in
            for n in range {
                // Terms come in key order, so their states and bytes are scattered: start loading the
                // state of a term a few ahead, and the first slice of a nearer one.
                if n + 16 < range.upperBound {
                    let ahead = Int(sorted[n + 16])
                    cicu_prefetch(streams + ahead)
                    cicu_prefetch(termKeys.baseAddress.map { $0 + ahead })
                }
                if n + 8 < range.upperBound { cicu_prefetch(pool.address(Int(streams[Int(sorted[n + 8])].head))) }
                let t = Int(sorted[n])
                let key = termKeys[t]
                let df = pool.docFreq(t)
                postings.removeAll()
                let unigram = TermKey.isUnigram(key)
                let facet = TermKey.isFacet(key)
                pool.read(t) { b in
                    @inline(__always) func next() -> UInt32 {
                        var r: UInt32 = 0, s: UInt32 = 0
                        while true {
                            let x = b.byte()
                            r |= UInt32(x & 0x7F) << s
                            if x < 0x80 { return r }
                            s += 7
                        }
                    }
                    var doc: UInt32 = 0 &- 1
                    for _ in 0..<df {
                        doc = doc &+ next() &+ 1
                        postings.docs.append(doc)
                        if facet { continue }
                        if unigram {
                            postings.freqs.append(next())
                            postings.textFreqs.append(next())
                        } else {
                            let f = next()
                            postings.freqs.append(f)
                            for _ in 0..<f { postings.positionGaps.append(next()) }
                        }
                    }
                }
                run.append(key: key, postings)
            }
        }
        return run
    }

    /// Buffers `encodePositional` reuses from term to term.
    struct PositionalScratch {
        var blockPost = ByteWriter()
        var blockPos = ByteWriter()
        var minusOne: [UInt32] = []
    }

    /// Writes one bigram's or word's postings: the one encoder of the positional format (the writer
    /// and any merger go through it; `PostingsCursor` is its decoder).
    ///
    /// `gaps[i]` is doc(i) − doc(i−1) − 1 (doc(−1) = −1), `freqs[i]` ≥ 1 the positions of doc i, and
    /// `positions` each document's positions in turn, as gaps (the first absolute). Layout:
    /// - fewer than `PackedCodec.tailMinimum` documents: per document varint(gap << 1 | freq == 1),
    ///   then varint(freq) unless 1; the positions one packed stream;
    /// - up to `PostingsFormat.blockSize` documents: packed gaps, packed freq − 1; positions packed;
    /// - more: a skip table, per block of `blockSize` documents varint(last doc − previous block's
    ///   last doc, the first block's absolute), varint(bytes of the block's postings), varint(bytes
    ///   of its positions); then each block as above (its first gap from the previous block's last
    ///   document), its positions its own packed stream. Why: a reader skips whole blocks by their
    ///   last document and decodes positions only for the documents it confirms.
    static func encodePositional(gaps: [UInt32], freqs: [UInt32], positions: [UInt32],
                                 post: inout ByteWriter, pos: inout ByteWriter, scratch: inout PositionalScratch) {
        let df = gaps.count
        if df < PackedCodec.tailMinimum {
            for k in 0..<df {
                let one: UInt64 = freqs[k] == 1 ? 1 : 0
                post.varint(UInt64(gaps[k]) << 1 | one)
                if one == 0 { post.varint(freqs[k]) }
            }
            pos.packed(positions)
            return
        }
        scratch.minusOne.removeAll(keepingCapacity: true)
        for f in freqs { scratch.minusOne.append(f &- 1) }
        if df <= PostingsFormat.blockSize {
            post.packed(gaps); post.packed(scratch.minusOne)
            pos.packed(positions)
            return
        }
        let size = PostingsFormat.blockSize
        let blocks = (df + size - 1) / size
        scratch.blockPost.bytes.removeAll(keepingCapacity: true)
        scratch.blockPos.bytes.removeAll(keepingCapacity: true)
        var header = ByteWriter()
        var lastDoc: Int64 = -1, previousLast: Int64 = -1
        var p = 0
        gaps.withUnsafeBufferPointer { g in
            scratch.minusOne.withUnsafeBufferPointer { f in
                positions.withUnsafeBufferPointer { ps in
                    for b in 0..<blocks {
                        let lo = b * size, hi = min(df, lo + size)
                        for k in lo..<hi { lastDoc += 1 + Int64(g[k]) }
                        var n = 0
                        for k in lo..<hi { n += Int(f[k]) + 1 }
                        let postStart = scratch.blockPost.count, posStart = scratch.blockPos.count
                        scratch.blockPost.packed(UnsafeBufferPointer(rebasing: g[lo..<hi]))
                        scratch.blockPost.packed(UnsafeBufferPointer(rebasing: f[lo..<hi]))
                        scratch.blockPos.packed(UnsafeBufferPointer(rebasing: ps[p..<min(ps.count, p + n)]))
                        p += n
                        header.varint(UInt64(lastDoc - (b == 0 ? 0 : previousLast)))
                        header.varint(scratch.blockPost.count - postStart)
                        header.varint(scratch.blockPos.count - posStart)
                        previousLast = lastDoc
                    }
                }
            }
        }
        post.append(header.bytes)
        post.append(scratch.blockPost.bytes)
        pos.append(scratch.blockPos.bytes)
    }

    /// Term numbers in key order (keys are distinct).
    ///
    /// A least-significant-digit radix sort, 16 bits a pass (passes where every key has the same
    /// digit are skipped): on the write's critical path, it is a few times faster than comparing.
    private func sortedTerms() -> [Int32] {
        let n = termKeys.count
        var keys = termKeys, terms = (0..<n).map { Int32(truncatingIfNeeded: $0) }
        var keys2 = [UInt64](repeating: 0, count: n), terms2 = [Int32](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 1 << 16)
        for shift in stride(from: 0, to: 64, by: 16) {
            for i in counts.indices { counts[i] = 0 }
            for k in keys { counts[Int(truncatingIfNeeded: (k >> UInt64(shift)) & 0xFFFF)] += 1 }
            if counts.contains(n) { continue }   // one digit for every key: this pass changes nothing
            var sum = 0
            for i in counts.indices { let c = counts[i]; counts[i] = sum; sum += c }
            for i in 0..<n {
                let k = keys[i]
                let d = Int(truncatingIfNeeded: (k >> UInt64(shift)) & 0xFFFF)
                keys2[counts[d]] = k
                terms2[counts[d]] = terms[i]
                counts[d] += 1
            }
            swap(&keys, &keys2)
            swap(&terms, &terms2)
        }
        return terms
    }

    /// Cuts `sorted` into about `parts` runs of similar work (documents appended), each starting on a
    /// block boundary.
    private func runBounds(_ sorted: [Int32], parts: Int) -> [Range<Int>] {
        var total = 0
        for t in sorted { total += pool.docFreq(Int(t)) + 4 }
        let share = max(1, total / max(1, parts))
        var bounds: [Range<Int>] = []
        var start = 0, acc = 0
        var n = 0
        while n < sorted.count {
            acc += pool.docFreq(Int(sorted[n])) + 4
            n += 1
            if acc >= share, n % TermDictionary.blockSize == 0 {
                bounds.append(start..<n)
                start = n
                acc = 0
            }
        }
        if start < sorted.count || bounds.isEmpty { bounds.append(start..<sorted.count) }
        return bounds
    }

    /// Writes the segment's files into `directory` under `name` (not yet committed) and returns its facts.
    ///
    /// The terms are encoded in runs on two cores while this thread appends finished runs in order
    /// (1 MB chunks to disk); the stored records, spooled as documents arrived, are only finished and
    /// renamed here. The bytes are the same as encoding the terms one by one.
    func write(name: String, directory: URL) throws(IndexError) -> SegmentMeta {
        var files: [String: FileMeta] = [:]
        func url(_ ext: String) -> URL { directory.appendingPathComponent("\(name).\(ext)") }
        let termCount = termKeys.count
        do {
            let sorted = sortedTerms()
            let bounds = runBounds(sorted, parts: 32)
            let termFiles = try TermFilesWriter(directory: directory, name: name, expectedTerms: termKeys.count)
            let runs = RunPipeline<EncodedRun>(count: bounds.count, window: 4)
            let builder = FrozenBuilder(self)
            let workers = DispatchGroup()
            for _ in 0..<2 {
                workers.enter()
                DispatchQueue.global().async {
                    defer { workers.leave() }
                    sorted.withUnsafeBufferPointer { sorted in
                        while let i = runs.claim() {
                            runs.finish(i, builder.value.encode(sorted, bounds[i]))
                        }
                    }
                }
            }
            defer {
                runs.cancel()
                workers.wait()
            }
            for i in bounds.indices { try termFiles.append(runs.take(i) ?? EncodedRun()) }
            for (ext, meta) in try termFiles.finish() { files[ext] = meta }
        }
        files["store"] = try store.finish(as: url("store"))

        let normW = try FileSink(url: url("norms"), kind: .norms)
        var titleSum = 0, textSum = 0
        for (t, x, d) in norms {
            normW.w.u32(t); normW.w.u32(x); normW.w.u32(UInt32(bitPattern: d))
            titleSum += Int(t); textSum += Int(x)
        }
        normW.w.u64(UInt64(ids.count))
        files["norms"] = try normW.finish()

        let dv = try FileSink(url: url("dv"), kind: .docValues)
        try values.write(to: dv)
        files["dv"] = try dv.finish()
        return SegmentMeta(name: name, docCount: ids.count, deletedCount: 0, deleteGeneration: 0,
                           titleLengthSum: titleSum, textLengthSum: textSum, termCount: termCount, files: files)
    }
}

/// One term's postings, decoded: what `EncodedRun.append` encodes. The builder fills one from its
/// byte pool, the segment merger from the postings of the segments it merges.
struct TermPostings {
    /// Document numbers, ascending.
    var docs: [UInt32] = []
    /// Bigram or word: occurrences in each document; unigram: occurrences in each title; facet key: unused.
    var freqs: [UInt32] = []
    /// Unigram: occurrences in each text.
    var textFreqs: [UInt32] = []
    /// Bigram or word: each document's positions in turn, as stored: its first position, then the
    /// gaps to the next ones (`freqs[i]` values for document i).
    var positionGaps: [UInt32] = []

    /// Empties the postings, keeping their capacity for the next term.
    mutating func removeAll() {
        docs.removeAll(keepingCapacity: true)
        freqs.removeAll(keepingCapacity: true)
        textFreqs.removeAll(keepingCapacity: true)
        positionGaps.removeAll(keepingCapacity: true)
    }
}

/// The encoded postings and positions of a run of terms in key order, with each term's dictionary
/// facts; `TermFilesWriter` lays the dictionary (blocks, key deltas) out as runs arrive, so a run may
/// start and end anywhere.
struct EncodedRun {
    var post = ByteWriter()
    var pos = ByteWriter()
    /// Per term, in key order: its key, document count and bytes in `post` and `pos`.
    var entries: [(key: UInt64, docFreq: Int, postLength: Int, posLength: Int)] = []
    private var gaps: [UInt32] = []
    private var positional = SegmentBuilder.PositionalScratch()

    /// The number of terms appended.
    var termCount: Int { entries.count }
    /// Bytes held by the encoded data.
    var byteCount: Int { post.count + pos.count + entries.count * 32 }

    /// Appends term `key` (above every key appended before) with its postings `p`.
    ///
    /// Why one function: the writer's flush and the segment merger both encode through it, so the
    /// postings format has one encoder.
    mutating func append(key: UInt64, _ p: TermPostings) {
        let df = p.docs.count
        gaps.removeAll(keepingCapacity: true)
        var prev: UInt32 = 0 &- 1
        for d in p.docs {
            gaps.append(d &- prev &- 1)
            prev = d
        }
        let postStart = post.count, posStart = pos.count
        if TermKey.isFacet(key) {
            if df < PackedCodec.tailMinimum {
                for k in 0..<df { post.varint(gaps[k]) }
            } else {
                post.packed(gaps)
            }
        } else if TermKey.isUnigram(key) {
            if df < PackedCodec.tailMinimum {
                for k in 0..<df { post.varint(gaps[k]); post.varint(p.freqs[k]); post.varint(p.textFreqs[k]) }
            } else {
                post.packed(gaps); post.packed(p.freqs); post.packed(p.textFreqs)
            }
        } else {
            SegmentBuilder.encodePositional(gaps: gaps, freqs: p.freqs, positions: p.positionGaps,
                                            post: &post, pos: &pos, scratch: &positional)
        }
        entries.append((key, df, post.count - postStart, pos.count - posStart))
    }
}

/// Writes a segment's term dictionary, postings and positions files from encoded runs taken in key
/// order, in 1 MB chunks: a block of the dictionary starts every `TermDictionary.blockSize` terms; the
/// block index is held until `finish`.
final class TermFilesWriter {
    private let post: FileSink
    private let pos: FileSink
    private let terms: FileSink
    private var blockIndex: ByteWriter
    private var blockCount = 0
    private var prevKey: UInt64 = 0
    /// The number of terms written so far.
    private(set) var termCount = 0

    /// Creates the three files of segment `name` in `directory`.
    init(directory: URL, name: String, expectedTerms: Int = 0) throws(IndexError) {
        func url(_ ext: String) -> URL { directory.appendingPathComponent("\(name).\(ext)") }
        post = try FileSink(url: url("post"), kind: .postings)
        pos = try FileSink(url: url("pos"), kind: .positions)
        terms = try FileSink(url: url("terms"), kind: .terms)
        blockIndex = ByteWriter(capacity: (expectedTerms / TermDictionary.blockSize + 1) * TermDictionary.indexEntrySize)
    }

    /// Appends the next run (its keys above every key written before).
    func append(_ run: EncodedRun) throws(IndexError) {
        var postAt = post.position, posAt = pos.position
        for e in run.entries {
            if termCount % TermDictionary.blockSize == 0 {
                blockIndex.u64(e.key)
                blockIndex.u64(UInt64(terms.position))
                blockIndex.u64(UInt64(postAt))
                blockIndex.u64(UInt64(posAt))
                blockCount += 1
                terms.w.varint(0)
            } else {
                terms.w.varint(e.key &- prevKey)
            }
            prevKey = e.key
            terms.w.varint(e.docFreq)
            terms.w.varint(e.postLength)
            terms.w.varint(e.posLength)
            postAt += e.postLength
            posAt += e.posLength
            termCount += 1
        }
        post.w.append(run.post.bytes)
        pos.w.append(run.pos.bytes)
        try post.spillIfLarge()
        try pos.spillIfLarge()
        try terms.spillIfLarge()
    }

    /// Writes the block index and trailer, finishes the three files and returns them by extension.
    func finish() throws(IndexError) -> [String: FileMeta] {
        let termsStart = terms.position
        terms.w.append(blockIndex.bytes)
        terms.w.u64(UInt64(termsStart))
        terms.w.u64(UInt64(blockCount))
        terms.w.u64(UInt64(termCount))
        return ["terms": try terms.finish(), "post": try post.finish(), "pos": try pos.finish()]
    }
}

/// The builder shared with the encoding threads; nothing mutates it while they read it.
private final class FrozenBuilder: @unchecked Sendable {
    let value: SegmentBuilder
    init(_ value: SegmentBuilder) { self.value = value }
}

/// Runs encoded by worker threads (of a builder's flush or a segment merge) and taken in order by the
/// writing thread; at most `window` runs are claimed and not yet taken, so finished runs waiting to be
/// written never pile up in memory.
final class RunPipeline<Run>: @unchecked Sendable {
    private let lock = NSLock()
    private let slots: DispatchSemaphore
    private var done: [DispatchSemaphore]
    private var results: [Run?]
    private var next = 0
    private var cancelled = false
    private let count: Int

    init(count: Int, window: Int) {
        self.count = count
        slots = DispatchSemaphore(value: window)
        done = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        results = Array(repeating: nil, count: count)
    }

    /// The next run to encode, once the window has room; nil when all are claimed or the write stopped.
    func claim() -> Int? {
        slots.wait()
        lock.lock()
        defer { lock.unlock() }
        guard !cancelled, next < count else {
            slots.signal()
            return nil
        }
        next += 1
        return next - 1
    }

    /// Hands over run `i`, encoded.
    func finish(_ i: Int, _ run: Run) {
        lock.lock()
        results[i] = run
        lock.unlock()
        done[i].signal()
    }

    /// Waits for run `i` (claimed in order, so it is being encoded or done) and frees its window slot.
    func take(_ i: Int) -> Run? {
        done[i].wait()
        lock.lock()
        let run = results[i]
        results[i] = nil
        lock.unlock()
        slots.signal()
        return run
    }

    /// Stops handing out runs (the writer is done or failed); workers waiting for room wake and stop.
    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
        for _ in 0..<2 { slots.signal() }
    }
}

/// The stored-records file of a segment being built, written as documents arrive.
///
/// Why: holding every document's title and text until the flush cost ~40 MB for the news corpus;
/// spooled, they sit in the page cache instead. The spool is named seg_spool_… (created at the
/// first document), so a crash leaves a file the next writer removes with other leftovers; `finish`
/// completes it and renames it to the segment's store file.
final class StoreSpool {
    private let directory: URL
    private var sink: FileSink?
    private var url: URL?
    private var offsets: [UInt64] = []
    private var failure: IndexError?
    private var finished = false

    init(directory: URL) { self.directory = directory }

    deinit {
        if !finished, let url { unlink(url.path) }
    }

    private func open() throws(IndexError) -> FileSink {
        if let sink { return sink }
        let u = directory.appendingPathComponent("seg_spool_\(UUID().uuidString).store")
        let s = try FileSink(url: u, kind: .stored)
        sink = s
        url = u
        return s
    }

    /// Appends `doc`'s record; an error is kept and thrown by `finish`.
    func add(_ doc: IndexDocument) {
        guard failure == nil else { return }
        do throws(IndexError) {
            let store = try open()
            offsets.append(UInt64(store.position))
            store.w.string(doc.id)
            store.w.string(doc.contentHash)
            store.w.string(doc.title)
            store.w.string(doc.date ?? "")
            store.w.u8(doc.date == nil ? 0 : 1)
            store.w.varint(doc.stored.count)
            for k in doc.stored.keys.sorted() {
                store.w.string(k)
                store.w.string(doc.stored[k] ?? "")
            }
            store.w.string(doc.text)
            store.w.varint(doc.facets.count)
            for f in doc.facets { store.w.string(f) }
            store.w.varint(doc.numbers.count)
            for n in doc.numbers {
                store.w.string(n.field)
                store.w.string(n.value)
            }
            try store.spillIfLarge()
        } catch {
            failure = error
        }
    }

    /// Appends a record already encoded by `add` (copied from another segment's stored records, as
    /// `SegmentReader.storedRecord` gives it); an error is kept and thrown by `finish`.
    func addRecord(_ record: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        do throws(IndexError) {
            let store = try open()
            offsets.append(UInt64(store.position))
            store.w.bytes.append(contentsOf: record)
            try store.spillIfLarge()
        } catch {
            failure = error
        }
    }

    /// Writes the offset table and footer, makes the file durable and renames it to `destination`.
    func finish(as destination: URL) throws(IndexError) -> FileMeta {
        if let failure { throw failure }
        let store = try open()
        let tableStart = store.position
        for o in offsets { store.w.u64(o) }
        store.w.u64(UInt64(tableStart))
        store.w.u64(UInt64(offsets.count))
        let meta = try store.finish()
        guard let url else { throw .io(file: destination.path, operation: "write", errno: EIO) }
        guard rename(url.path, destination.path) == 0 else {
            throw .io(file: destination.path, operation: "rename", errno: errno)
        }
        finished = true
        return meta
    }
}

/// Per-term byte streams in one pool of chained slices (as Lucene's ByteBlockPool): no array per term.
///
/// Slices grow 8, 16, ... 1024 bytes, each ending in a 4-byte pointer to the next; they live in
/// 1 MB pages that are never moved, so growing the pool never copies (peak memory stays flat).
/// A term's write cursor, last document and document count sit together in one `Stream`, so
/// appending a document's postings to a term costs one cache miss there, not one per array.
final class BytePool {
    static let pageShift = 20
    static let pageSize = 1 << pageShift
    static let sizes: [Int32] = [8, 16, 32, 64, 128, 256, 512, 1024]

    /// The state of one term's stream.
    struct Stream {
        /// Offset of the first slice.
        var head: Int32
        /// Where the next byte goes, and where the current slice's next-pointer starts.
        var cursor: Int32
        var limit: Int32
        /// The last document appended (-1: none yet) and how many documents were.
        var lastDoc: Int32
        var docFreq: UInt32
        /// Index into `sizes` of the current slice.
        var level: UInt8
    }

    @exclusivity(unchecked) private var pages: [UnsafeMutablePointer<UInt8>] = []
    @exclusivity(unchecked) private var used = 0
    @exclusivity(unchecked) private(set) var streams: UnsafeMutablePointer<Stream>
    @exclusivity(unchecked) private(set) var streamCount = 0
    @exclusivity(unchecked) private var streamCapacity = 1 << 12

    init() {
        streams = .allocate(capacity: streamCapacity)
    }

    deinit {
        for p in pages { p.deallocate() }
        streams.deallocate()
    }

    /// Bytes held by the pool's pages.
    var pageBytes: Int { pages.count * Self.pageSize }

    /// The offset of a fresh slice of `size` bytes (never crossing a page).
    @inline(__always) func allocate(_ size: Int) -> Int {
        if (used & (Self.pageSize - 1)) + size > Self.pageSize || used >> Self.pageShift >= pages.count {
            if used >> Self.pageShift < pages.count { used = (used >> Self.pageShift + 1) << Self.pageShift }
            while used >> Self.pageShift >= pages.count {
                let page = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.pageSize)
                page.initialize(repeating: 0, count: Self.pageSize)
                pages.append(page)
            }
        }
        let start = used
        used += size
        return start
    }

    @inline(__always) func address(_ offset: Int) -> UnsafeMutablePointer<UInt8> {
        pages[offset >> Self.pageShift] + (offset & (Self.pageSize - 1))
    }

    /// Starts the stream of a new term (its number is the stream count before the call).
    func newStream() {
        if streamCount == streamCapacity {
            let bigger = UnsafeMutablePointer<Stream>.allocate(capacity: streamCapacity * 2)
            bigger.moveInitialize(from: streams, count: streamCount)
            streams.deallocate()
            streams = bigger
            streamCapacity *= 2
        }
        let start = Int32(allocate(8))
        (streams + streamCount).initialize(to: Stream(head: start, cursor: start, limit: start + 8 - 4,
                                                      lastDoc: -1, docFreq: 0, level: 0))
        streamCount += 1
    }

    /// The number of documents appended to term `t`.
    func docFreq(_ t: Int) -> Int { Int(streams[t].docFreq) }

    @inline(__always) func byte(_ s: UnsafeMutablePointer<Stream>, _ b: UInt8) {
        if s.pointee.cursor == s.pointee.limit {
            let nl = min(Int(s.pointee.level) + 1, Self.sizes.count - 1)
            let size = Int(Self.sizes[nl])
            let start = allocate(size)
            UnsafeMutableRawPointer(address(Int(s.pointee.limit))).storeBytes(of: Int32(start).littleEndian, as: Int32.self)
            s.pointee.cursor = Int32(start)
            s.pointee.limit = Int32(start + size - 4)
            s.pointee.level = UInt8(nl)
        }
        address(Int(s.pointee.cursor)).pointee = b
        s.pointee.cursor += 1
    }

    /// Appends a varint to the stream `s`; returns the bytes written.
    @inline(__always) func varint(_ s: UnsafeMutablePointer<Stream>, _ value: UInt32) -> Int {
        var v = value
        let c = Int(s.pointee.cursor)
        if Int(s.pointee.limit) - c >= 5 {
            // Fast path: room for any varint in the current slice.
            var q = address(c)
            var n = 1
            while v >= 0x80 { q.pointee = UInt8(truncatingIfNeeded: v) | 0x80; q += 1; v >>= 7; n += 1 }
            q.pointee = UInt8(v)
            s.pointee.cursor = Int32(c + n)
            return n
        }
        var n = 1
        while v >= 0x80 { byte(s, UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7; n += 1 }
        byte(s, UInt8(v))
        return n
    }

    /// Reads the stream of one term from its start.
    struct Reader {
        let pool: BytePool
        /// The next byte, and the end of the current slice (where its next-pointer starts).
        var p: UnsafeMutablePointer<UInt8>
        var end: UnsafeMutablePointer<UInt8>
        var level: Int

        @inline(__always) mutating func byte() -> UInt8 {
            if p == end {
                let next = Int(Int32(littleEndian: UnsafeRawPointer(end).loadUnaligned(as: Int32.self)))
                level = min(level + 1, BytePool.sizes.count - 1)
                p = pool.address(next)
                end = p + Int(BytePool.sizes[level]) - 4
            }
            let b = p.pointee
            p += 1
            return b
        }
    }

    /// Reads term `t`'s stream; safe from several threads at once once writing has stopped.
    func read(_ t: Int, _ body: (inout Reader) -> Void) {
        let head = address(Int(streams[t].head))
        var r = Reader(pool: self, p: head, end: head + 8 - 4, level: 0)
        body(&r)
    }
}

/// Constants of the term dictionary layout.
enum TermDictionary {
    static let blockSize = 32
    static let indexEntrySize = 32
}
