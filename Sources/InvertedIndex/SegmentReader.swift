import Foundation

/// Where a term's data lies in a segment.
struct TermInfo {
    var docFreq: Int
    var postOffset: Int
    var postLength: Int
    var posOffset: Int
    var posLength: Int
}

/// Decoded postings of one bigram or word: documents, frequencies, and lazy access to positions.
struct PositionalPostings {
    var docs: [UInt32] = []
    var freqs: [UInt32] = []
    /// Start of each document's positions in the term's position stream (prefix sums of freqs).
    var posStarts: [UInt32] = []
    var positions: PositionStream
}

/// The position stream of one term: blocks of 128 packed values decoded on demand.
struct PositionStream {
    var reader: ByteReader
    let total: Int
    private var blockOffsets: [Int] = []
    private var tail: [UInt32] = []
    private var tailLoaded = false
    private var cachedBlock = -1
    private var cache: [UInt32] = []

    init(reader: ByteReader, total: Int) {
        self.reader = reader
        self.total = total
    }

    /// One document's positions (stored as gaps, first absolute) as absolute positions, appended to `out`.
    ///
    /// The sums are checked: damaged gaps that wrap past 2³² would give positions out of order, and the
    /// rankers subtract earlier positions from later ones.
    mutating func readDocument(start: Int, count: Int, into out: inout [UInt32]) throws(IndexError) {
        let base = out.count
        try read(start: start, count: count, into: &out)
        var acc: UInt32 = 0
        var wrapped = false
        for i in base..<out.count {
            let (sum, o) = acc.addingReportingOverflow(out[i])
            wrapped = wrapped || o
            acc = sum
            out[i] = acc
        }
        guard !wrapped else { throw reader.corrupt("positions run past 2^32 (damaged gaps)") }
    }

    /// Values [start, start+count) of the stream, appended to `out`.
    mutating func read(start: Int, count: Int, into out: inout [UInt32]) throws(IndexError) {
        guard start >= 0, start + count <= total else { throw reader.corrupt("position index out of range") }
        let fullBlocks = total / PackedCodec.blockSize
        // Every block takes at least its width byte: more blocks than bytes is damage, found before
        // reserving room for them.
        guard fullBlocks <= reader.remaining else { throw reader.corrupt("\(total) positions cannot fit in \(reader.remaining) bytes") }
        if blockOffsets.isEmpty && fullBlocks > 0 {
            var r = reader
            blockOffsets.reserveCapacity(fullBlocks)
            for _ in 0..<fullBlocks {
                blockOffsets.append(r.offset)
                let w = Int(try r.u8())
                guard w <= 32, r.offset + 16 * w <= r.end else { throw r.corrupt("packed block out of range") }
                r.offset += 16 * w
            }
            blockOffsets.append(r.offset)
        }
        var i = start
        let end = start + count
        while i < end {
            let b = i / PackedCodec.blockSize
            if b < fullBlocks {
                if b != cachedBlock {
                    cache.removeAll(keepingCapacity: true)
                    var r = reader
                    r.offset = blockOffsets[b]
                    try r.packed(count: PackedCodec.blockSize, into: &cache)
                    cachedBlock = b
                }
                let lo = i - b * PackedCodec.blockSize
                let hi = min(PackedCodec.blockSize, end - b * PackedCodec.blockSize)
                out.append(contentsOf: cache[lo..<hi])
                i += hi - lo
            } else {
                if !tailLoaded {
                    var r = reader
                    r.offset = fullBlocks > 0 ? blockOffsets[fullBlocks] : reader.offset
                    try r.packed(count: total - fullBlocks * PackedCodec.blockSize, into: &tail)
                    tailLoaded = true
                }
                let base = fullBlocks * PackedCodec.blockSize
                out.append(contentsOf: tail[(i - base)..<(end - base)])
                i = end
            }
        }
    }
}

/// Decoded postings of one unigram: documents and per-field frequencies.
struct UnigramPostings {
    var docs: [UInt32] = []
    var titleFreqs: [UInt32] = []
    var textFreqs: [UInt32] = []
}

/// A stored document's fields, as read back.
struct StoredDocument {
    var id: String
    var contentHash: String
    var title: String
    var date: String?
    var stored: [String: String]
    var text: String
    var facets: [String]
    var numbers: [IndexNumber]

    /// The document as the caller gave it.
    var indexDocument: IndexDocument {
        IndexDocument(id: id, title: title, text: text, date: date, stored: stored, contentHash: contentHash, facets: facets, numbers: numbers)
    }
}

/// One immutable segment of a commit, memory-mapped; its dead-document bitmap is the commit's.
final class SegmentReader: @unchecked Sendable {
    let meta: SegmentMeta
    let terms: MappedFile
    let post: MappedFile
    let pos: MappedFile
    let store: MappedFile
    let norms: MappedFile
    /// Each document's facet keys and numbers as ordinals.
    let values: DocValues
    let deletes: MappedFile?
    let dead: [UInt64]
    let docCount: Int
    let liveCount: Int
    private let blockCount: Int
    private let indexStart: Int
    private let termCount: Int
    private let storeTableStart: Int

    /// Maps the segment's files named in `meta` (and its delete file, if any).
    ///
    /// Every file's header, footer, size and recorded checksum are checked (a few bytes each), and the
    /// doc values' tables. With `verify`, every file's checksum is recomputed too; with
    /// `verifyWriterInputs`, only those of the files a writer derives new files from (stored records,
    /// delete bitmap). Unverified bytes are bounds-checked as they are decoded: damage gives an
    /// `IndexError` naming the file, or (a flipped letter, a length) other data, never a crash.
    init(directory: URL, meta: SegmentMeta, verify: Bool, verifyWriterInputs: Bool = false) throws(IndexError) {
        self.meta = meta
        guard meta.docCount >= 0, meta.docCount < 1 << 40, meta.deleteGeneration >= 0 else {
            throw .corrupt(file: meta.name, offset: 0, reason: "the commit records a document count (\(meta.docCount)) or delete generation (\(meta.deleteGeneration)) out of range")
        }
        func open(_ ext: String, _ kind: FileFormat.Kind) throws(IndexError) -> MappedFile {
            let check = verify || (verifyWriterInputs && (kind == .stored || kind == .deletes))
            let f = try MappedFile(url: directory.appendingPathComponent("\(meta.name).\(ext)"), kind: kind, verify: check)
            if let m = meta.files[ext] {
                guard m.size == f.bytes.count else {
                    throw .corrupt(file: f.name, offset: 0, reason: "size \(f.bytes.count) bytes, the commit recorded \(m.size)")
                }
                let stored = String(UInt64(littleEndian: f.bytes.loadUnaligned(fromByteOffset: f.bytes.count - FileFormat.footerSize, as: UInt64.self)), radix: 16)
                guard stored == m.checksum else {
                    throw .corrupt(file: f.name, offset: f.bytes.count - FileFormat.footerSize, reason: "checksum differs from the commit's record")
                }
            }
            return f
        }
        terms = try open("terms", .terms)
        post = try open("post", .postings)
        pos = try open("pos", .positions)
        store = try open("store", .stored)
        norms = try open("norms", .norms)
        values = try DocValues(file: try open("dv", .docValues), docCount: meta.docCount)
        docCount = meta.docCount

        var t = terms.reader(from: terms.payloadCount - 24)
        indexStart = Int(clamping: try t.u64())
        blockCount = Int(clamping: try t.u64())
        termCount = Int(clamping: try t.u64())
        guard indexStart >= 0, indexStart <= terms.payloadCount, blockCount >= 0, blockCount < (1 << 40), termCount <= blockCount * TermDictionary.blockSize else {
            throw .corrupt(file: terms.name, offset: terms.payload.upperBound - 24, reason: "term index trailer out of range")
        }
        guard indexStart + blockCount * TermDictionary.indexEntrySize == terms.payloadCount - 24 else {
            throw .corrupt(file: terms.name, offset: terms.payload.upperBound - 24, reason: "term index bounds inconsistent")
        }
        var s = store.reader(from: store.payloadCount - 16)
        storeTableStart = Int(clamping: try s.u64())
        let storedCount = Int(clamping: try s.u64())
        guard storedCount < (1 << 40), storeTableStart <= store.payloadCount else { throw .corrupt(file: store.name, offset: store.payload.upperBound - 16, reason: "document count out of range") }
        guard storedCount == meta.docCount, storeTableStart + storedCount * 8 == store.payloadCount - 16 else {
            throw .corrupt(file: store.name, offset: store.payload.upperBound - 16, reason: "document table inconsistent with the commit (\(storedCount) documents, expected \(meta.docCount))")
        }
        guard norms.payloadCount == meta.docCount * 12 + 8 else {
            throw .corrupt(file: norms.name, offset: 0, reason: "size does not match \(meta.docCount) documents")
        }

        var bits = [UInt64](repeating: 0, count: (meta.docCount + 63) / 64)
        if meta.deleteGeneration > 0 {
            let f = try open("del\(meta.deleteGeneration)", .deletes)
            var r = f.reader()
            let n = try r.int()
            guard n == bits.count, r.remaining == n * 8 else { throw .corrupt(file: f.name, offset: 0, reason: "bitmap size does not match \(meta.docCount) documents") }
            for i in 0..<n { bits[i] = try r.u64() }
            // Bits past the last document would be counted as deletions (a live count below zero).
            if meta.docCount % 64 != 0, let last = bits.last, last >> UInt64(meta.docCount % 64) != 0 {
                throw .corrupt(file: f.name, offset: f.payload.upperBound - 8, reason: "documents past the segment's \(meta.docCount) marked deleted")
            }
            deletes = f
        } else {
            deletes = nil
        }
        dead = bits
        var deadCount = 0
        for w in bits { deadCount += w.nonzeroBitCount }
        liveCount = meta.docCount - deadCount
    }

    var files: [MappedFile] { [terms, post, pos, store, norms, values.file] + (deletes.map { [$0] } ?? []) }

    @inline(__always) func isDead(_ doc: Int) -> Bool {
        dead[doc >> 6] & (1 << UInt64(doc & 63)) != 0
    }
    var hasDeletions: Bool { liveCount != docCount }

    /// (title length, text length, date key) of `doc`.
    @inline(__always) func norm(_ doc: Int) -> (title: Int, text: Int, date: Int32) {
        let o = norms.payload.lowerBound + doc * 12
        let b = norms.bytes
        return (Int(UInt32(littleEndian: b.loadUnaligned(fromByteOffset: o, as: UInt32.self))),
                Int(UInt32(littleEndian: b.loadUnaligned(fromByteOffset: o + 4, as: UInt32.self))),
                Int32(bitPattern: UInt32(littleEndian: b.loadUnaligned(fromByteOffset: o + 8, as: UInt32.self))))
    }

    /// Looks `key` up in the term dictionary.
    func lookup(_ key: UInt64) throws(IndexError) -> TermInfo? {
        guard blockCount > 0 else { return nil }
        let b = terms.bytes
        let base = terms.payload.lowerBound + indexStart
        @inline(__always) func firstKey(_ i: Int) -> UInt64 {
            UInt64(littleEndian: b.loadUnaligned(fromByteOffset: base + i * TermDictionary.indexEntrySize, as: UInt64.self))
        }
        var lo = 0, hi = blockCount - 1
        if key < firstKey(0) { return nil }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if firstKey(mid) <= key { lo = mid } else { hi = mid - 1 }
        }
        let e = base + lo * TermDictionary.indexEntrySize
        // Clamped, then checked: a damaged entry must give an error, never a trap.
        let blockOffset = Int(clamping: UInt64(littleEndian: b.loadUnaligned(fromByteOffset: e + 8, as: UInt64.self)))
        var postOffset = Int(clamping: UInt64(littleEndian: b.loadUnaligned(fromByteOffset: e + 16, as: UInt64.self)))
        var posOffset = Int(clamping: UInt64(littleEndian: b.loadUnaligned(fromByteOffset: e + 24, as: UInt64.self)))
        guard blockOffset <= indexStart, postOffset <= post.payloadCount, posOffset <= pos.payloadCount else {
            throw .corrupt(file: terms.name, offset: e, reason: "term index entry points past the end of its files")
        }
        var r = terms.reader(from: blockOffset, to: indexStart)
        var k = firstKey(lo)
        let inBlock = min(TermDictionary.blockSize, termCount - lo * TermDictionary.blockSize)
        guard inBlock > 0 else { throw r.corrupt("empty term block") }
        for n in 0..<inBlock {
            let delta = try r.varint()
            if n > 0 { k &+= delta }
            let df = try r.int()
            let pl = try r.int()
            let ql = try r.int()
            if k == key {
                guard postOffset + pl <= post.payloadCount, posOffset + ql <= pos.payloadCount, df <= docCount else {
                    throw r.corrupt("term points past the end of the postings")
                }
                return TermInfo(docFreq: df, postOffset: postOffset, postLength: pl, posOffset: posOffset, posLength: ql)
            }
            if k > key { return nil }
            postOffset += pl
            posOffset += ql
        }
        return nil
    }

    /// Decodes the documents and frequencies of a bigram or a word; positions stay lazy.
    func positional(_ info: TermInfo) throws(IndexError) -> PositionalPostings {
        var r = post.reader(from: info.postOffset, to: info.postOffset + info.postLength)
        let df = info.docFreq
        var docs: [UInt32] = [], freqs: [UInt32] = []
        docs.reserveCapacity(df); freqs.reserveCapacity(df)
        let limit = Int64(docCount)
        if df < PackedCodec.tailMinimum {
            var prev: Int64 = -1
            for _ in 0..<df {
                let v = try r.varint()
                let d = prev + 1 + Int64(v >> 1 & 0xFFFF_FFFF)
                guard d < limit else { throw r.corrupt("document number out of range") }
                let f: UInt32 = v & 1 == 1 ? 1 : try r.varint32()
                docs.append(UInt32(truncatingIfNeeded: d)); freqs.append(f)
                prev = d
            }
        } else {
            try r.packed(count: df, into: &docs)
            try r.packed(count: df, into: &freqs)
            var prev: Int64 = -1
            for i in 0..<df {
                let d = prev + 1 + Int64(docs[i])
                guard d < limit, freqs[i] < UInt32.max else { throw r.corrupt("document number or frequency out of range") }
                docs[i] = UInt32(truncatingIfNeeded: d); prev = d
                freqs[i] += 1
            }
        }
        var starts: [UInt32] = []
        starts.reserveCapacity(df + 1)
        var acc = 0
        for f in freqs {
            starts.append(UInt32(truncatingIfNeeded: acc))
            acc += Int(f)
            guard acc <= Int(UInt32.max) else { throw r.corrupt("position count out of range") }
        }
        starts.append(UInt32(truncatingIfNeeded: acc))
        let pr = pos.reader(from: info.posOffset, to: info.posOffset + info.posLength)
        return PositionalPostings(docs: docs, freqs: freqs, posStarts: starts, positions: PositionStream(reader: pr, total: acc))
    }

    /// Decodes a unigram's postings.
    func unigram(_ info: TermInfo) throws(IndexError) -> UnigramPostings {
        var r = post.reader(from: info.postOffset, to: info.postOffset + info.postLength)
        let df = info.docFreq
        var u = UnigramPostings()
        u.docs.reserveCapacity(df); u.titleFreqs.reserveCapacity(df); u.textFreqs.reserveCapacity(df)
        let limit = Int64(docCount)
        if df < PackedCodec.tailMinimum {
            var prev: Int64 = -1
            for _ in 0..<df {
                let d = prev + 1 + Int64(try r.varint32())
                guard d < limit else { throw r.corrupt("document number out of range") }
                u.docs.append(UInt32(truncatingIfNeeded: d))
                u.titleFreqs.append(try r.varint32())
                u.textFreqs.append(try r.varint32())
                prev = d
            }
        } else {
            try r.packed(count: df, into: &u.docs)
            try r.packed(count: df, into: &u.titleFreqs)
            try r.packed(count: df, into: &u.textFreqs)
            var prev: Int64 = -1
            for i in 0..<df {
                let d = prev + 1 + Int64(u.docs[i])
                guard d < limit else { throw r.corrupt("document number out of range") }
                u.docs[i] = UInt32(truncatingIfNeeded: d); prev = d
            }
        }
        return u
    }

    private func storeReader(_ doc: Int) throws(IndexError) -> ByteReader {
        guard doc >= 0, doc < docCount else { throw .corrupt(file: store.name, offset: 0, reason: "document \(doc) out of range") }
        var t = store.reader(from: storeTableStart + doc * 8)
        let start = Int(clamping: try t.u64())
        guard start < storeTableStart else { throw t.corrupt("record offset out of range") }
        return store.reader(from: start, to: storeTableStart)
    }

    /// The id and content hash of `doc` (cheap: the text is not decoded).
    func idAndHash(_ doc: Int) throws(IndexError) -> (String, String) {
        var r = try storeReader(doc)
        return (try r.string(), try r.string())
    }

    /// The whole stored document `doc`.
    func document(_ doc: Int) throws(IndexError) -> StoredDocument {
        var r = try storeReader(doc)
        let id = try r.string()
        let hash = try r.string()
        let title = try r.string()
        let date = try r.string()
        let hasDate = try r.u8()
        let n = try r.int()
        var stored: [String: String] = [:]
        for _ in 0..<n {
            let k = try r.string()
            stored[k] = try r.string()
        }
        let text = try r.string()
        let facetCount = try r.int()
        guard facetCount <= r.remaining else { throw r.corrupt("facet count out of range") }
        var facets: [String] = []
        facets.reserveCapacity(facetCount)
        for _ in 0..<facetCount { facets.append(try r.string()) }
        let numberCount = try r.int()
        guard numberCount <= r.remaining else { throw r.corrupt("number count out of range") }
        var numbers: [IndexNumber] = []
        numbers.reserveCapacity(numberCount)
        for _ in 0..<numberCount {
            let field = try r.string()
            numbers.append(IndexNumber(field: field, value: try r.string()))
        }
        return StoredDocument(id: id, contentHash: hash, title: title, date: hasDate == 1 ? date : nil, stored: stored, text: text,
                              facets: facets, numbers: numbers)
    }

    /// The documents of a facet key's postings (all of them, dead ones too), ascending.
    func facetDocuments(_ info: TermInfo) throws(IndexError) -> [UInt32] {
        var r = post.reader(from: info.postOffset, to: info.postOffset + info.postLength)
        let df = info.docFreq
        var docs: [UInt32] = []
        docs.reserveCapacity(df)
        let limit = Int64(docCount)
        if df < PackedCodec.tailMinimum {
            var prev: Int64 = -1
            for _ in 0..<df {
                let d = prev + 1 + Int64(try r.varint32())
                guard d < limit else { throw r.corrupt("document number out of range") }
                docs.append(UInt32(truncatingIfNeeded: d))
                prev = d
            }
        } else {
            try r.packed(count: df, into: &docs)
            var prev: Int64 = -1
            for i in 0..<df {
                let d = prev + 1 + Int64(docs[i])
                guard d < limit else { throw r.corrupt("document number out of range") }
                docs[i] = UInt32(truncatingIfNeeded: d); prev = d
            }
        }
        return docs
    }
}

// MARK: - Sequential access, for the segment merger

extension SegmentReader {
    /// Walks a segment's term dictionary in key order, one term at a time (the segment merger's cursor).
    ///
    /// Why not `lookup` per key: the merger visits every term; a walk reads each block once.
    struct TermCursor {
        let segment: SegmentReader
        private var block = 0
        private var inBlock = 0
        private var blockTerms = 0
        private var reader: ByteReader
        private var key: UInt64 = 0
        private var postOffset = 0
        private var posOffset = 0
        private var started = false
        /// Terms below this key are skipped.
        private let lowerBound: UInt64

        /// A cursor on the terms of `segment` from key `from` on (it starts in the block holding it).
        init(_ segment: SegmentReader, from: UInt64 = 0) {
            self.segment = segment
            reader = segment.terms.reader(from: 0, to: 0)
            lowerBound = from
            // The last block whose first key is at most `from`.
            let b = segment.terms.bytes
            let base = segment.terms.payload.lowerBound + segment.indexStart
            var lo = 0, hi = segment.blockCount
            while lo < hi {
                let mid = (lo + hi) / 2
                let first = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: base + mid * TermDictionary.indexEntrySize, as: UInt64.self))
                if first <= from { lo = mid + 1 } else { hi = mid }
            }
            block = max(0, lo - 1)
        }

        /// The next term at or above the lower bound and where its data lies, nil after the last;
        /// keys come strictly ascending.
        mutating func next() throws(IndexError) -> (key: UInt64, info: TermInfo)? {
            while let t = try step() {
                if t.key >= lowerBound { return t }
            }
            return nil
        }

        private mutating func step() throws(IndexError) -> (key: UInt64, info: TermInfo)? {
            let s = segment
            if inBlock == blockTerms {
                guard block < s.blockCount else { return nil }
                let b = s.terms.bytes
                let e = s.terms.payload.lowerBound + s.indexStart + block * TermDictionary.indexEntrySize
                let first = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: e, as: UInt64.self))
                let blockOffset = Int(clamping: UInt64(littleEndian: b.loadUnaligned(fromByteOffset: e + 8, as: UInt64.self)))
                postOffset = Int(clamping: UInt64(littleEndian: b.loadUnaligned(fromByteOffset: e + 16, as: UInt64.self)))
                posOffset = Int(clamping: UInt64(littleEndian: b.loadUnaligned(fromByteOffset: e + 24, as: UInt64.self)))
                guard blockOffset <= s.indexStart, postOffset <= s.post.payloadCount, posOffset <= s.pos.payloadCount else {
                    throw .corrupt(file: s.terms.name, offset: e, reason: "term index entry points past the end of its files")
                }
                guard !started || first > key else {
                    throw .corrupt(file: s.terms.name, offset: e, reason: "term blocks not in ascending key order")
                }
                reader = s.terms.reader(from: blockOffset, to: s.indexStart)
                blockTerms = min(TermDictionary.blockSize, s.termCount - block * TermDictionary.blockSize)
                guard blockTerms > 0 else { throw reader.corrupt("empty term block") }
                inBlock = 0
                key = first
                block += 1
            }
            let delta = try reader.varint()
            if inBlock > 0 {
                guard delta > 0 else { throw reader.corrupt("term keys not ascending") }
                let (k, o) = key.addingReportingOverflow(delta)
                guard !o else { throw reader.corrupt("term key out of range") }
                key = k
            }
            inBlock += 1
            started = true
            let df = try reader.int()
            let pl = try reader.int()
            let ql = try reader.int()
            guard postOffset + pl <= s.post.payloadCount, posOffset + ql <= s.pos.payloadCount, df <= s.docCount else {
                throw reader.corrupt("term points past the end of the postings")
            }
            let info = TermInfo(docFreq: df, postOffset: postOffset, postLength: pl, posOffset: posOffset, posLength: ql)
            postOffset += pl
            posOffset += ql
            return (key, info)
        }
    }

    /// The first key and the postings and positions offsets of each block of the term dictionary.
    func termBlocks() -> [(key: UInt64, postOffset: Int, posOffset: Int)] {
        let b = terms.bytes
        let base = terms.payload.lowerBound + indexStart
        return (0..<blockCount).map { i in
            let e = base + i * TermDictionary.indexEntrySize
            return (UInt64(littleEndian: b.loadUnaligned(fromByteOffset: e, as: UInt64.self)),
                    Int(clamping: UInt64(littleEndian: b.loadUnaligned(fromByteOffset: e + 16, as: UInt64.self))),
                    Int(clamping: UInt64(littleEndian: b.loadUnaligned(fromByteOffset: e + 24, as: UInt64.self))))
        }
    }

    /// Decodes the whole postings of term `key` (a bigram, word, unigram or facet key, told apart by
    /// the key) into `out`, replacing its contents: positions as stored, for re-encoding unchanged.
    func decodeAll(_ key: UInt64, _ info: TermInfo, into out: inout TermPostings) throws(IndexError) {
        out.removeAll()
        if TermKey.isFacet(key) {
            out.docs = try facetDocuments(info)
        } else if TermKey.isUnigram(key) {
            let u = try unigram(info)
            out.docs = u.docs
            out.freqs = u.titleFreqs
            out.textFreqs = u.textFreqs
        } else {
            var p = try positional(info)
            out.docs = p.docs
            out.freqs = p.freqs
            try p.positions.read(start: 0, count: p.positions.total, into: &out.positionGaps)
        }
    }

    /// The bytes of `doc`'s stored record, as `StoreSpool.add` wrote them (records lie in document order).
    func storedRecord(_ doc: Int) throws(IndexError) -> UnsafeRawBufferPointer {
        guard doc >= 0, doc < docCount else { throw .corrupt(file: store.name, offset: 0, reason: "document \(doc) out of range") }
        var t = store.reader(from: storeTableStart + doc * 8)
        let start = Int(clamping: try t.u64())
        let end = doc + 1 < docCount ? Int(clamping: try t.u64()) : storeTableStart
        guard start <= end, end <= storeTableStart else { throw t.corrupt("record offsets out of range") }
        let base = store.payload.lowerBound
        return UnsafeRawBufferPointer(rebasing: store.bytes[(base + start)..<(base + end)])
    }
}
