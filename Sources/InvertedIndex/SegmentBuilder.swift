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
    private var buffers: [[UInt8]] = []
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
    var estimatedBytes: Int { bufferBytes + termKeys.count * 80 + table.memoryBytes + storedBytes * 2 + docs.count * 200 }

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
            buffers.append([])
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
        var ids = [Int](repeating: 0, count: a.bigramKeys.count + a.unigramKeys.count)
        for (i, k) in a.bigramKeys.enumerated() { ids[i] = term(k) }
        let nb = a.bigramKeys.count
        for (i, c) in a.unigramKeys.enumerated() { ids[nb + i] = term(TermKey.unigram(UInt32(truncatingIfNeeded: c))) }
        var scratch: [UInt8] = []
        scratch.reserveCapacity(64)
        var added = 0
        var p = 0
        lastDoc.withUnsafeMutableBufferPointer { lastDoc in
            docFreq.withUnsafeMutableBufferPointer { docFreq in
                buffers.withUnsafeMutableBufferPointer { buffers in
                    for g in 0..<nb {
                        let t = ids[g]
                        scratch.removeAll(keepingCapacity: true)
                        _ = Self.putVarint(&scratch, UInt32(d - lastDoc[t] - 1))
                        lastDoc[t] = d
                        docFreq[t] += 1
                        let f = Int(a.bigramCounts[g])
                        _ = Self.putVarint(&scratch, UInt32(f))
                        var prev: UInt32 = 0
                        for k in p..<(p + f) {
                            let pos = a.bigramPositions[k]
                            _ = Self.putVarint(&scratch, pos - prev)
                            prev = pos
                        }
                        p += f
                        buffers[t].append(contentsOf: scratch)
                        added += scratch.count
                    }
                    for u in 0..<a.unigramKeys.count {
                        let t = ids[nb + u]
                        scratch.removeAll(keepingCapacity: true)
                        _ = Self.putVarint(&scratch, UInt32(d - lastDoc[t] - 1))
                        lastDoc[t] = d
                        docFreq[t] += 1
                        _ = Self.putVarint(&scratch, a.unigramTitle[u])
                        _ = Self.putVarint(&scratch, a.unigramText[u])
                        buffers[t].append(contentsOf: scratch)
                        added += scratch.count
                    }
                }
            }
        }
        bufferBytes += added
        return Int(d)
    }

    /// Writes the segment's files into `directory` under `name` (not yet committed) and returns its facts.
    func write(name: String, directory: URL) throws(IndexError) -> SegmentMeta {
        var files: [String: FileMeta] = [:]
        func emit(_ ext: String, _ w: inout ByteWriter) throws(IndexError) {
            FileFormat.finish(&w)
            try DurableIO.write(w.bytes, to: directory.appendingPathComponent("\(name).\(ext)"))
            files[ext] = FileMeta(size: w.bytes.count, checksum: String(FileFormat.storedChecksum(of: w.bytes), radix: 16))
            w = ByteWriter()
        }
        let termCount = termKeys.count
        do {
            var order = Array(0..<termKeys.count)
            order.sort { termKeys[$0] < termKeys[$1] }
            var post = FileFormat.begin(.postings, capacity: bufferBytes / 2)
            var pos = FileFormat.begin(.positions, capacity: bufferBytes / 2)
            var terms = FileFormat.begin(.terms, capacity: termKeys.count * 6)
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
                    terms.varint(0)
                } else {
                    terms.varint(key - prevKey)
                    prevKey = key
                }
                let df = Int(docFreq[t])
                gaps.removeAll(keepingCapacity: true)
                freqs.removeAll(keepingCapacity: true)
                freqs2.removeAll(keepingCapacity: true)
                positions.removeAll(keepingCapacity: true)
                let unigram = TermKey.isUnigram(key)
                buffers[t].withUnsafeBufferPointer { b in
                    var o = 0
                    @inline(__always) func next() -> UInt32 {
                        var r: UInt32 = 0, s: UInt32 = 0
                        while true {
                            let x = b[o]; o += 1
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
                    if df < PackedCodec.blockSize {
                        for k in 0..<df { post.varint(gaps[k]); post.varint(freqs[k]); post.varint(freqs2[k]) }
                    } else {
                        post.packed(gaps); post.packed(freqs); post.packed(freqs2)
                    }
                } else {
                    if df < PackedCodec.blockSize {
                        for k in 0..<df {
                            let one: UInt64 = freqs[k] == 1 ? 1 : 0
                            post.varint(UInt64(gaps[k]) << 1 | one)
                            if one == 0 { post.varint(freqs[k]) }
                        }
                    } else {
                        for k in 0..<df { freqs[k] -= 1 }
                        post.packed(gaps); post.packed(freqs)
                    }
                    pos.packed(positions)
                }
                terms.varint(df)
                terms.varint(post.position - postStart)
                terms.varint(pos.position - posStart)
            }
            let termsStart = terms.position
            terms.append(blockIndex.bytes)
            terms.u64(UInt64(termsStart))
            terms.u64(UInt64(blockCount))
            terms.u64(UInt64(order.count))
            try emit("terms", &terms)
            try emit("post", &post)
            try emit("pos", &pos)
        }

        // Stored documents: records, then an offset table.
        do {
            var store = FileFormat.begin(.stored, capacity: storedBytes)
            var offsets: [UInt64] = []
            offsets.reserveCapacity(docs.count)
            for doc in docs {
                offsets.append(UInt64(store.position))
                store.string(doc.id)
                store.string(doc.contentHash)
                store.string(doc.title)
                store.string(doc.date ?? "")
                store.u8(doc.date == nil ? 0 : 1)
                store.varint(doc.stored.count)
                for k in doc.stored.keys.sorted() {
                    store.string(k)
                    store.string(doc.stored[k] ?? "")
                }
                store.string(doc.text)
            }
            let tableStart = store.position
            for o in offsets { store.u64(o) }
            store.u64(UInt64(tableStart))
            store.u64(UInt64(docs.count))
            try emit("store", &store)
        }

        var normW = FileFormat.begin(.norms, capacity: docs.count * 12 + 8)
        var titleSum = 0, textSum = 0
        for (t, x, d) in norms {
            normW.u32(t); normW.u32(x); normW.u32(UInt32(bitPattern: d))
            titleSum += Int(t); textSum += Int(x)
        }
        normW.u64(UInt64(docs.count))
        try emit("norms", &normW)
        return SegmentMeta(name: name, docCount: docs.count, deletedCount: 0, deleteGeneration: 0,
                           titleLengthSum: titleSum, textLengthSum: textSum, termCount: termCount, files: files)
    }
}

/// Constants of the term dictionary layout.
enum TermDictionary {
    static let blockSize = 32
    static let indexEntrySize = 32
}
