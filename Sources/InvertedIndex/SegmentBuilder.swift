import Foundation

/// Open-addressing hash map from term keys to dense term numbers.
///
/// Why not Dictionary: ~14M lookups per full build of the news corpus; this one is a multiply and a probe.
struct TermTable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0
    private static let empty = UInt64.max

    init(capacity: Int = 1 << 16) {
        var c = 1
        while c < capacity * 2 { c <<= 1 }
        keys = Array(repeating: Self.empty, count: c)
        values = Array(repeating: -1, count: c)
        mask = c - 1
    }

    var memoryBytes: Int { keys.count * 12 }

    @inline(__always) private static func slot(_ k: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The number for `key`, inserting `next` when absent. Returns (number, inserted).
    @inline(__always) mutating func findOrInsert(_ key: UInt64, next: Int32) -> (Int32, Bool) {
        if (count + 1) * 2 > keys.count { grow() }
        var i = Self.slot(key, mask)
        while true {
            let k = keys[i]
            if k == key { return (values[i], false) }
            if k == Self.empty {
                keys[i] = key
                values[i] = next
                count += 1
                return (next, true)
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let c = keys.count * 2
        keys = Array(repeating: Self.empty, count: c)
        values = Array(repeating: -1, count: c)
        mask = c - 1
        for j in 0..<oldKeys.count where oldKeys[j] != Self.empty {
            var i = Self.slot(oldKeys[j], mask)
            while keys[i] != Self.empty { i = (i + 1) & mask }
            keys[i] = oldKeys[j]
            values[i] = oldValues[j]
        }
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
    private var lastDoc: [Int32] = []
    private var docFreq: [UInt32] = []
    private(set) var docs: [IndexDocument] = []
    private var norms: [(UInt32, UInt32, Int32)] = []
    private var bufferBytes = 0
    private var storedBytes = 0
    /// Local document numbers deleted before the flush.
    var deleted = Set<Int>()

    var docCount: Int { docs.count }

    /// An estimate of the memory this builder holds (buffers, term table, documents).
    var estimatedBytes: Int { pool.memoryBytes + termKeys.count * 24 + table.memoryBytes + storedBytes * 2 + docs.count * 200 }

    @inline(__always) private static func putVarint(_ buf: inout [UInt8], _ value: UInt32) -> Int {
        var v = value
        var n = 1
        while v >= 0x80 { buf.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7; n += 1 }
        buf.append(UInt8(v))
        return n
    }

    @inline(__always) private mutating func term(_ key: UInt64) -> Int {
        let (t, inserted) = table.findOrInsert(key, next: Int32(termKeys.count))
        if inserted {
            termKeys.append(key)
            pool.newStream()
            lastDoc.append(-1)
            docFreq.append(0)
        }
        return Int(t)
    }

    /// Adds one analysed document; returns its local number.
    mutating func add(_ doc: IndexDocument, _ a: AnalyzedDocument) -> Int {
        let d = Int32(docs.count)
        docs.append(doc)
        norms.append((a.titleLength, a.textLength, a.date))
        storedBytes += doc.text.utf8.count + doc.title.utf8.count + 64
        // Resolve term numbers first (this may add terms), then append without reallocating the table.
        var ids = [Int](repeating: 0, count: a.positionalKeys.count + a.unigramKeys.count)
        for (i, k) in a.positionalKeys.enumerated() { ids[i] = term(k) }
        let nb = a.positionalKeys.count
        for (i, c) in a.unigramKeys.enumerated() { ids[nb + i] = term(TermKey.unigram(UInt32(truncatingIfNeeded: c))) }
        var added = 0
        var p = 0
        let pool = self.pool
        lastDoc.withUnsafeMutableBufferPointer { lastDoc in
            docFreq.withUnsafeMutableBufferPointer { docFreq in
                a.positions.withUnsafeBufferPointer { positions in
                    for g in 0..<nb {
                        let t = ids[g]
                        added += pool.varint(t, UInt32(d - lastDoc[t] - 1))
                        lastDoc[t] = d
                        docFreq[t] += 1
                        let f = Int(a.positionalCounts[g])
                        added += pool.varint(t, UInt32(f))
                        var prev: UInt32 = 0
                        for k in p..<(p + f) {
                            let pos = positions[k]
                            added += pool.varint(t, pos &- prev)
                            prev = pos
                        }
                        p += f
                    }
                }
                for u in 0..<a.unigramKeys.count {
                    let t = ids[nb + u]
                    added += pool.varint(t, UInt32(d - lastDoc[t] - 1))
                    lastDoc[t] = d
                    docFreq[t] += 1
                    added += pool.varint(t, a.unigramTitle[u])
                    added += pool.varint(t, a.unigramText[u])
                }
            }
        }
        bufferBytes += added
        return Int(d)
    }

    /// Writes the segment's files into `directory` under `name` (not yet committed) and returns its facts.
    ///
    /// Files are streamed in 1 MB chunks; the stored documents are written on another core meanwhile.
    func write(name: String, directory: URL) throws(IndexError) -> SegmentMeta {
        var files: [String: FileMeta] = [:]
        func url(_ ext: String) -> URL { directory.appendingPathComponent("\(name).\(ext)") }
        let termCount = termKeys.count
        let storeTask = BackgroundFile(url: url("store"), kind: .stored) { [docs] store throws(IndexError) in
            var offsets: [UInt64] = []
            offsets.reserveCapacity(docs.count)
            for doc in docs {
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
                try store.spillIfLarge()
            }
            let tableStart = store.position
            for o in offsets { store.w.u64(o) }
            store.w.u64(UInt64(tableStart))
            store.w.u64(UInt64(docs.count))
        }
        defer { _ = try? storeTask.wait() }
        do {
            var order = Array(0..<termKeys.count)
            order.sort { termKeys[$0] < termKeys[$1] }
            let post = try FileSink(url: url("post"), kind: .postings)
            let pos = try FileSink(url: url("pos"), kind: .positions)
            let terms = try FileSink(url: url("terms"), kind: .terms)
            var blockIndex = ByteWriter(capacity: termKeys.count)
            var gaps: [UInt32] = [], freqs: [UInt32] = [], positions: [UInt32] = [], freqs2: [UInt32] = []
            var blockCount = 0
            var prevKey: UInt64 = 0
            for (n, t) in order.enumerated() {
                let key = termKeys[t]
                if n % TermDictionary.blockSize == 0 {
                    blockIndex.u64(key)
                    blockIndex.u64(UInt64(terms.position))
                    blockIndex.u64(UInt64(post.position))
                    blockIndex.u64(UInt64(pos.position))
                    blockCount += 1
                    prevKey = key
                    terms.w.varint(0)
                    try post.spillIfLarge()
                    try pos.spillIfLarge()
                    try terms.spillIfLarge()
                } else {
                    terms.w.varint(key - prevKey)
                    prevKey = key
                }
                let df = Int(docFreq[t])
                gaps.removeAll(keepingCapacity: true)
                freqs.removeAll(keepingCapacity: true)
                freqs2.removeAll(keepingCapacity: true)
                positions.removeAll(keepingCapacity: true)
                let unigram = TermKey.isUnigram(key)
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
                    for _ in 0..<df {
                        gaps.append(next())
                        if unigram {
                            freqs.append(next())
                            freqs2.append(next())
                        } else {
                            let f = next()
                            freqs.append(f)
                            for _ in 0..<f { positions.append(next()) }
                        }
                    }
                }
                let postStart = post.position, posStart = pos.position
                if unigram {
                    if df < PackedCodec.tailMinimum {
                        for k in 0..<df { post.w.varint(gaps[k]); post.w.varint(freqs[k]); post.w.varint(freqs2[k]) }
                    } else {
                        post.w.packed(gaps); post.w.packed(freqs); post.w.packed(freqs2)
                    }
                } else {
                    if df < PackedCodec.tailMinimum {
                        for k in 0..<df {
                            let one: UInt64 = freqs[k] == 1 ? 1 : 0
                            post.w.varint(UInt64(gaps[k]) << 1 | one)
                            if one == 0 { post.w.varint(freqs[k]) }
                        }
                    } else {
                        for k in 0..<df { freqs[k] -= 1 }
                        post.w.packed(gaps); post.w.packed(freqs)
                    }
                    pos.w.packed(positions)
                }
                terms.w.varint(df)
                terms.w.varint(post.position - postStart)
                terms.w.varint(pos.position - posStart)
            }
            let termsStart = terms.position
            terms.w.append(blockIndex.bytes)
            terms.w.u64(UInt64(termsStart))
            terms.w.u64(UInt64(blockCount))
            terms.w.u64(UInt64(order.count))
            files["terms"] = try terms.finish()
            files["post"] = try post.finish()
            files["pos"] = try pos.finish()
        }
        files["store"] = try storeTask.wait()

        let normW = try FileSink(url: url("norms"), kind: .norms)
        var titleSum = 0, textSum = 0
        for (t, x, d) in norms {
            normW.w.u32(t); normW.w.u32(x); normW.w.u32(UInt32(bitPattern: d))
            titleSum += Int(t); textSum += Int(x)
        }
        normW.w.u64(UInt64(docs.count))
        files["norms"] = try normW.finish()
        return SegmentMeta(name: name, docCount: docs.count, deletedCount: 0, deleteGeneration: 0,
                           titleLengthSum: titleSum, textLengthSum: textSum, termCount: termCount, files: files)
    }
}

/// Encodes and durably writes one index file on a background thread.
final class BackgroundFile: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: Result<FileMeta, IndexError>?

    init(url: URL, kind: FileFormat.Kind, encode: @escaping @Sendable (FileSink) throws(IndexError) -> Void) {
        group.enter()
        DispatchQueue.global().async { [self] in
            do throws(IndexError) {
                let sink = try FileSink(url: url, kind: kind)
                try encode(sink)
                result = .success(try sink.finish())
            } catch {
                result = .failure(error)
            }
            group.leave()
        }
    }

    /// Waits for the file; its size and checksum, or the error that stopped it.
    func wait() throws(IndexError) -> FileMeta {
        group.wait()
        guard let result else { throw .io(file: "background file", operation: "write", errno: EIO) }
        return try result.get()
    }
}

/// Per-term byte streams in one pool of chained slices (as Lucene's ByteBlockPool): no array per term.
///
/// Slices grow 8, 16, ... 1024 bytes, each ending in a 4-byte pointer to the next; they live in
/// 1 MB pages that are never moved, so growing the pool never copies (peak memory stays flat).
final class BytePool {
    static let pageShift = 20
    static let pageSize = 1 << pageShift
    static let sizes: [Int32] = [8, 16, 32, 64, 128, 256, 512, 1024]
    @exclusivity(unchecked) private var pages: [UnsafeMutablePointer<UInt8>] = []
    @exclusivity(unchecked) private var used = 0
    @exclusivity(unchecked) private var head: [Int32] = []
    @exclusivity(unchecked) private var cursor: [Int32] = []
    @exclusivity(unchecked) private var limit: [Int32] = []
    @exclusivity(unchecked) private var level: [UInt8] = []

    deinit {
        for p in pages { p.deallocate() }
    }

    /// Bytes held by the pool's pages.
    var memoryBytes: Int { pages.count * Self.pageSize + head.count * 13 }

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

    /// Starts the stream of a new term.
    func newStream() {
        let start = allocate(8)
        head.append(Int32(start))
        cursor.append(Int32(start))
        limit.append(Int32(start + 8 - 4))
        level.append(0)
    }

    @inline(__always) func byte(_ t: Int, _ b: UInt8) {
        if cursor[t] == limit[t] {
            let nl = min(Int(level[t]) + 1, Self.sizes.count - 1)
            let size = Int(Self.sizes[nl])
            let start = allocate(size)
            UnsafeMutableRawPointer(address(Int(limit[t]))).storeBytes(of: Int32(start).littleEndian, as: Int32.self)
            cursor[t] = Int32(start)
            limit[t] = Int32(start + size - 4)
            level[t] = UInt8(nl)
        }
        address(Int(cursor[t])).pointee = b
        cursor[t] += 1
    }

    /// Appends a varint to the stream of term `t`; returns the bytes written.
    @inline(__always) func varint(_ t: Int, _ value: UInt32) -> Int {
        var v = value
        let c = Int(cursor[t])
        if Int(limit[t]) - c >= 5 {
            // Fast path: room for any varint in the current slice.
            var q = address(c)
            var n = 1
            while v >= 0x80 { q.pointee = UInt8(truncatingIfNeeded: v) | 0x80; q += 1; v >>= 7; n += 1 }
            q.pointee = UInt8(v)
            cursor[t] = Int32(c + n)
            return n
        }
        var n = 1
        while v >= 0x80 { byte(t, UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7; n += 1 }
        byte(t, UInt8(v))
        return n
    }

    /// Reads the stream of one term from its start.
    struct Reader {
        let pool: BytePool
        var pos: Int
        var end: Int
        var level: Int

        @inline(__always) mutating func byte() -> UInt8 {
            if pos == end {
                let next = Int(Int32(littleEndian: UnsafeRawPointer(pool.address(end)).loadUnaligned(as: Int32.self)))
                level = min(level + 1, BytePool.sizes.count - 1)
                pos = next
                end = next + Int(BytePool.sizes[level]) - 4
            }
            let b = pool.address(pos).pointee
            pos += 1
            return b
        }
    }

    func read(_ t: Int, _ body: (inout Reader) -> Void) {
        var r = Reader(pool: self, pos: Int(head[t]), end: Int(head[t]) + 8 - 4, level: 0)
        body(&r)
    }
}

/// Constants of the term dictionary layout.
enum TermDictionary {
    static let blockSize = 32
    static let indexEntrySize = 32
}
