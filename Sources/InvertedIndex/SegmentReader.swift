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
    var positions: BlockedPositions
}

/// The positions of a whole list, one stream per block: `readDocument` takes list-wide indexes.
struct BlockedPositions {
    var streams: [PositionStream] = []
    /// The list-wide index of each stream's first value.
    var bases: [Int] = []

    /// One document's positions (absolute) appended to `out`; `start` list-wide.
    mutating func readDocument(start: Int, count: Int, into out: inout [UInt32]) throws(IndexError) {
        var lo = 0, hi = bases.count
        while lo + 1 < hi {
            let m = (lo + hi) / 2
            if bases[m] <= start { lo = m } else { hi = m }
        }
        guard lo < streams.count, lo < bases.count, start >= bases[lo] else {
            throw .corrupt(file: streams.first?.reader.file ?? "positions", offset: 0, reason: "position index out of range")
        }
        try streams[lo].readDocument(start: start - bases[lo], count: count, into: &out)
    }
}

/// A forward-only cursor over one bigram's or word's postings: the decoder of
/// `SegmentBuilder.encodePositional`.
///
/// Why: a long list's blocks are skipped by their last document (from the skip table) without
/// being decoded; a block's frequencies are decoded only when asked, positions only for the
/// documents asked. Every offset and number is checked: damage gives `IndexError`.
struct PostingsCursor {
    /// One block of the list: its last document and where its bytes lie (absolute file offsets).
    struct Block {
        var lastDoc: UInt32
        var post: Int, postEnd: Int
        var pos: Int, posEnd: Int
    }

    /// Documents in the list (dead ones included).
    let docFreq: Int
    private let postings: ByteReader
    private let positionBytes: ByteReader
    private let docLimit: Int64
    private var blocks: [Block] = []
    /// True when `blocks` came from a skip table (their last documents are known and checked).
    private var skipped = false
    private var block = -1
    private var docs: [UInt32] = []
    private var freqs: [UInt32] = []
    private var starts: [UInt32] = []
    private var freqsLoaded = false
    private var freqOffset = 0
    /// The positions of the current block once asked for (`streamBlock`), its buffers reused.
    private var stream: PositionStream
    private var streamBlock = -1
    private var index = 0
    private var exhausted = false

    /// A cursor before the first document of the list in `postings` / `positions` (the term's regions).
    init(docFreq: Int, postings: ByteReader, positions: ByteReader, docCount: Int) throws(IndexError) {
        self.docFreq = docFreq
        self.postings = postings
        self.positionBytes = positions
        stream = PositionStream(reader: positions, total: 0)
        docLimit = Int64(docCount)
        if docFreq == 0 { exhausted = true; return }
        guard docFreq > PostingsFormat.blockSize else {
            blocks = [Block(lastDoc: .max, post: postings.offset, postEnd: postings.end, pos: positions.offset, posEnd: positions.end)]
            return
        }
        let size = PostingsFormat.blockSize
        let n = (docFreq + size - 1) / size
        var r = postings
        // Three bytes at least per skip entry: more entries than that is damage, refused before reserving.
        guard n <= r.remaining / 3 else { throw r.corrupt("\(docFreq) documents cannot fit in \(r.remaining) bytes") }
        blocks.reserveCapacity(n)
        var last: Int64 = -1
        var postLength = 0, posLength = 0
        var lengths: [(Int, Int)] = []
        lengths.reserveCapacity(n)
        for b in 0..<n {
            let delta = try r.varint()
            guard delta < UInt64(docLimit), (b == 0 || delta > 0) else { throw r.corrupt("skip entry \(b): last document out of range") }
            last = (b == 0 ? 0 : last) + Int64(delta)
            guard last < docLimit else { throw r.corrupt("skip entry \(b): last document out of range") }
            let pl = try r.int(), ql = try r.int()
            postLength += pl
            posLength += ql
            lengths.append((pl, ql))
            blocks.append(Block(lastDoc: UInt32(truncatingIfNeeded: last), post: 0, postEnd: 0, pos: 0, posEnd: 0))
        }
        guard postLength == r.remaining, posLength == positions.remaining else {
            throw r.corrupt("skip table lengths (\(postLength), \(posLength)) differ from the term's (\(r.remaining), \(positions.remaining))")
        }
        var p = r.offset, q = positions.offset
        for b in 0..<n {
            blocks[b].post = p; p += lengths[b].0; blocks[b].postEnd = p
            blocks[b].pos = q; q += lengths[b].1; blocks[b].posEnd = q
        }
        skipped = true
    }

    /// The documents of block `b`.
    private func count(ofBlock b: Int) -> Int {
        b < blocks.count - 1 ? PostingsFormat.blockSize : docFreq - PostingsFormat.blockSize * (blocks.count - 1)
    }

    /// Decodes block `b`'s documents (and, in the short format, its frequencies).
    private mutating func load(_ b: Int) throws(IndexError) {
        let blk = blocks[b]
        var r = ByteReader(postings.base, file: postings.file, offset: blk.post, end: blk.postEnd)
        let n = count(ofBlock: b)
        docs.clear()
        freqs.clear()
        starts.clear()
        freqsLoaded = false
        streamBlock = -1
        block = b
        index = 0
        var prev: Int64 = b == 0 ? -1 : Int64(blocks[b - 1].lastDoc)
        if docFreq < PackedCodec.tailMinimum {
            for _ in 0..<n {
                let v = try r.varint()
                let d = prev + 1 + Int64(v >> 1 & 0xFFFF_FFFF)
                guard d < docLimit else { throw r.corrupt("document number out of range") }
                let f: UInt32 = v & 1 == 1 ? 1 : try r.varint32()
                guard f > 0 else { throw r.corrupt("frequency 0") }
                docs.append(UInt32(truncatingIfNeeded: d)); freqs.append(f)
                prev = d
            }
            try loadStarts(r)
            return
        }
        try r.packed(count: n, into: &docs)
        freqOffset = r.offset
        for i in 0..<docs.count {
            let d = prev + 1 + Int64(docs[i])
            guard d < docLimit else { throw r.corrupt("document number out of range") }
            docs[i] = UInt32(truncatingIfNeeded: d)
            prev = d
        }
        if skipped, prev != Int64(blk.lastDoc) {
            throw r.corrupt("block \(b) ends at document \(prev), its skip entry says \(blk.lastDoc)")
        }
    }

    /// Decodes the current block's frequencies (stored minus one) and their prefix sums.
    private mutating func loadFreqs() throws(IndexError) {
        guard !freqsLoaded, block >= 0, block < blocks.count else { return }
        var r = ByteReader(postings.base, file: postings.file, offset: freqOffset, end: blocks[block].postEnd)
        try r.packed(count: docs.count, into: &freqs)
        for i in 0..<freqs.count {
            guard freqs[i] < UInt32.max else { throw r.corrupt("frequency out of range") }
            freqs[i] += 1
        }
        try loadStarts(r)
    }

    private mutating func loadStarts(_ r: ByteReader) throws(IndexError) {
        starts.reserveCapacity(freqs.count + 1)
        var acc = 0
        for f in freqs {
            starts.append(UInt32(truncatingIfNeeded: acc))
            acc += Int(f)
            guard acc <= Int(UInt32.max) else { throw r.corrupt("position count out of range") }
        }
        starts.append(UInt32(truncatingIfNeeded: acc))
        freqsLoaded = true
    }

    /// Moves to the first document ≥ `target` and returns it; nil when the list has none.
    mutating func advance(to target: UInt32) throws(IndexError) -> UInt32? {
        if exhausted { return nil }
        if block >= 0 {
            if index < docs.count, docs[index] >= target { return docs[index] }
            // The common step of a driver: the next document of the block.
            if index + 1 < docs.count, docs[index + 1] >= target {
                index += 1
                return docs[index]
            }
        }
        // Outside the current block: the first later block whose last document reaches the target.
        if block < 0 || target > blocks[block].lastDoc {
            var lo = block + 1, hi = blocks.count
            while lo < hi {
                let m = (lo + hi) / 2
                if blocks[m].lastDoc < target { lo = m + 1 } else { hi = m }
            }
            guard lo < blocks.count else { exhausted = true; return nil }
            try load(lo)
        }
        while true {
            var c = index
            var step = 1
            while c + step < docs.count && docs[c + step] < target { c += step; step <<= 1 }
            while c < docs.count && docs[c] < target { c += 1 }
            index = c
            if c < docs.count { return docs[c] }
            guard block + 1 < blocks.count else { exhausted = true; return nil }
            try load(block + 1)
        }
    }

    /// The number of positions of the current document.
    mutating func frequency() throws(IndexError) -> Int {
        if !freqsLoaded { try loadFreqs() }
        guard !exhausted, index < freqs.count else { return 0 }
        return Int(freqs[index])
    }

    /// Appends the current document's positions (absolute, ascending) to `out`.
    mutating func positions(into out: inout [UInt32]) throws(IndexError) {
        if !freqsLoaded { try loadFreqs() }
        guard !exhausted, block >= 0, index < freqs.count, index + 1 < starts.count else { return }
        if streamBlock != block {
            let blk = blocks[block]
            stream.reset(reader: ByteReader(positionBytes.base, file: positionBytes.file, offset: blk.pos, end: blk.posEnd),
                    total: Int(starts[starts.count - 1]))
            streamBlock = block
        }
        try stream.readDocument(start: Int(starts[index]), count: Int(freqs[index]), into: &out)
    }

    /// The whole list decoded (documents and frequencies; positions lazily by list-wide index).
    mutating func decodeAll() throws(IndexError) -> PositionalPostings {
        var out = PositionalPostings(positions: BlockedPositions())
        out.docs.reserveCapacity(docFreq); out.freqs.reserveCapacity(docFreq); out.posStarts.reserveCapacity(docFreq + 1)
        var acc = 0
        for b in 0..<blocks.count {
            try load(b)
            try loadFreqs()
            out.docs.append(contentsOf: docs)
            out.freqs.append(contentsOf: freqs)
            for i in 0..<freqs.count { out.posStarts.append(UInt32(truncatingIfNeeded: acc + Int(starts[i]))) }
            let blk = blocks[b]
            let total = Int(starts[starts.count - 1])
            out.positions.bases.append(acc)
            out.positions.streams.append(PositionStream(reader: ByteReader(positionBytes.base, file: positionBytes.file, offset: blk.pos, end: blk.posEnd), total: total))
            acc += total
            guard acc <= Int(UInt32.max) else { throw postings.corrupt("position count out of range") }
        }
        out.posStarts.append(UInt32(truncatingIfNeeded: acc))
        exhausted = true
        return out
    }
}

/// The position stream of one term: blocks of 128 packed values decoded on demand.
struct PositionStream {
    private(set) var reader: ByteReader
    private(set) var total: Int
    private var blockOffsets: [Int] = []
    private var tail: [UInt32] = []
    private var tailLoaded = false
    private var cachedBlock = -1
    private var cache: [UInt32] = []

    init(reader: ByteReader, total: Int) {
        self.reader = reader
        self.total = total
    }

    /// Points the stream at another run of `total` values, keeping its buffers (no allocation).
    mutating func reset(reader: ByteReader, total: Int) {
        self.reader = reader
        self.total = total
        blockOffsets.clear()
        tail.clear()
        tailLoaded = false
        cachedBlock = -1
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
                    cache.clear()
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

    /// A cursor over the postings of a bigram or a word (see `PostingsCursor`).
    func cursor(_ info: TermInfo) throws(IndexError) -> PostingsCursor {
        try PostingsCursor(docFreq: info.docFreq,
                           postings: post.reader(from: info.postOffset, to: info.postOffset + info.postLength),
                           positions: pos.reader(from: info.posOffset, to: info.posOffset + info.posLength),
                           docCount: docCount)
    }

    /// Decodes the documents and frequencies of a bigram or a word; positions stay lazy.
    func positional(_ info: TermInfo) throws(IndexError) -> PositionalPostings {
        var c = try cursor(info)
        return try c.decodeAll()
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
            // Each block of a long list has its own position stream; as stored, they follow each other.
            for b in p.positions.streams.indices {
                let total = p.positions.streams[b].total
                try p.positions.streams[b].read(start: 0, count: total, into: &out.positionGaps)
            }
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
