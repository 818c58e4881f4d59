import Foundation

// The doc-values file of a segment (`seg_N.dv`, kind DVAL): each document's facet keys and numbers as
// ordinals into sorted per-segment tables, so filters check exact keys and facet counts add up
// integers instead of decoding stored text.
//
// Payload (little-endian):
//   u64 docCount, keyCount, fieldCount, valueCount, keyRefs, numberRefs
//   u32 keyOffsets[keyCount + 1]       into the key bytes; keys sorted by UTF-8 bytes
//   u32 fieldOffsets[fieldCount + 1]   into the field bytes; fields sorted by UTF-8 bytes
//   u32 valueOffsets[valueCount + 1]   into the value bytes; canonical decimals, ascending by value
//   u32 docKeyStarts[docCount + 1], u32 keyOrdinals[keyRefs]           ascending and distinct per document
//   u32 docNumberStarts[docCount + 1], u32 numberFields[numberRefs], u32 numberValues[numberRefs]
//   key bytes, field bytes, value bytes

/// Collects the facets and numbers of a segment being built; writes the doc-values file.
struct DocValuesBuilder {
    private var keyIDs: [String: UInt32] = [:]
    private var keys: [String] = []
    private var fieldIDs: [String: UInt32] = [:]
    private var fields: [String] = []
    private var valueIDs: [String: UInt32] = [:]
    private var values: [String] = []
    private var docKeyStarts: [UInt32] = [0]
    private var docKeys: [UInt32] = []
    private var docNumberStarts: [UInt32] = [0]
    private var numberFields: [UInt32] = []
    private var numberValues: [UInt32] = []
    private var stringBytes = 0

    /// Memory held, for the writer's flush decision.
    var estimatedBytes: Int { stringBytes * 2 + (keys.count + fields.count + values.count) * 64 + (docKeys.count + numberFields.count * 2 + docKeyStarts.count * 2) * 4 }

    /// Records `doc`'s facets and numbers (numbers that are not decimals are skipped: the writer
    /// rejects them first); returns its distinct facet keys.
    mutating func add(_ doc: IndexDocument) -> [String] {
        var distinct: [String] = []
        var seen = Set<UInt32>()
        for k in doc.facets {
            let id = Self.intern(k, ids: &keyIDs, strings: &keys, bytes: &stringBytes)
            if seen.insert(id).inserted {
                docKeys.append(id)
                distinct.append(k)
            }
        }
        docKeyStarts.append(UInt32(truncatingIfNeeded: docKeys.count))
        var pairs = Set<UInt64>()
        for n in doc.numbers {
            guard let v = Decimal10.canonical(n.value) else { continue }
            let f = Self.intern(n.field, ids: &fieldIDs, strings: &fields, bytes: &stringBytes)
            let x = Self.intern(v, ids: &valueIDs, strings: &values, bytes: &stringBytes)
            if pairs.insert(UInt64(f) << 32 | UInt64(x)).inserted {
                numberFields.append(f)
                numberValues.append(x)
            }
        }
        docNumberStarts.append(UInt32(truncatingIfNeeded: numberFields.count))
        return distinct
    }

    /// The number of `string` in `strings`, appending it (and counting its bytes) the first time it is seen.
    private static func intern(_ string: String, ids: inout [String: UInt32], strings: inout [String],
                               bytes: inout Int) -> UInt32 {
        if let known = ids[string] { return known }
        let id = UInt32(strings.count)
        ids[string] = id
        strings.append(string)
        bytes += string.utf8.count
        return id
    }

    /// The order of `strings` (indices) and each index's rank in it.
    private static func ranks(_ strings: [String], by less: (String, String) -> Bool) -> (order: [Int], rank: [UInt32]) {
        let order = strings.indices.sorted { less(strings[$0], strings[$1]) }
        var rank = [UInt32](repeating: 0, count: strings.count)
        for (r, i) in order.enumerated() { rank[i] = UInt32(r) }
        return (order, rank)
    }

    /// Writes the payload into `sink` (header and footer are the sink's).
    func write(to sink: FileSink) throws(IndexError) {
        let byBytes: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let k = Self.ranks(keys, by: byBytes)
        let f = Self.ranks(fields, by: byBytes)
        let v = Self.ranks(values) { Decimal10.compare($0, $1) < 0 }
        let docCount = docKeyStarts.count - 1
        for n in [docCount, keys.count, fields.count, values.count, docKeys.count, numberFields.count] { sink.w.u64(UInt64(n)) }
        func offsets(_ strings: [String], _ order: [Int]) throws(IndexError) {
            var o: UInt32 = 0
            sink.w.u32(0)
            for i in order {
                o &+= UInt32(truncatingIfNeeded: strings[i].utf8.count)
                sink.w.u32(o)
            }
            try sink.spillIfLarge()
        }
        try offsets(keys, k.order)
        try offsets(fields, f.order)
        try offsets(values, v.order)
        for s in docKeyStarts { sink.w.u32(s) }
        var ords: [UInt32] = []
        for d in 0..<docCount {
            ords.removeAll(keepingCapacity: true)
            for i in Int(docKeyStarts[d])..<Int(docKeyStarts[d + 1]) { ords.append(k.rank[Int(docKeys[i])]) }
            ords.sort()
            for o in ords { sink.w.u32(o) }
            try sink.spillIfLarge()
        }
        for s in docNumberStarts { sink.w.u32(s) }
        for x in numberFields { sink.w.u32(f.rank[Int(x)]) }
        for x in numberValues { sink.w.u32(v.rank[Int(x)]) }
        try sink.spillIfLarge()
        for (strings, order) in [(keys, k.order), (fields, f.order), (values, v.order)] {
            for i in order {
                sink.w.append(Array(strings[i].utf8))
                try sink.spillIfLarge()
            }
        }
    }
}

/// A segment's doc-values file, read in place from its mapping; its structure is checked when opened,
/// so lookups afterwards never leave the file.
struct DocValues {
    let file: MappedFile
    let docCount: Int
    let keyCount: Int
    let fieldCount: Int
    let valueCount: Int
    private let keyOffsets: Int, fieldOffsets: Int, valueOffsets: Int
    private let docKeyStarts: Int, keyOrdinals: Int
    private let docNumberStarts: Int, numberFields: Int, numberValues: Int
    private let keyBytes: Int, fieldBytes: Int, valueBytes: Int

    /// Checks the file's layout against `docCount` documents: sizes, offsets, ordinals in range.
    init(file: MappedFile, docCount expected: Int) throws(IndexError) {
        self.file = file
        let name = file.name, payload = file.payload
        var r = file.reader()
        var counts: [Int] = []
        for _ in 0..<6 {
            let n = try r.u64()
            guard n < 1 << 32 else { throw .corrupt(file: name, offset: r.offset - 8, reason: "count \(n) out of range") }
            counts.append(Int(n))
        }
        docCount = counts[0]; keyCount = counts[1]; fieldCount = counts[2]; valueCount = counts[3]
        let keyRefs = counts[4], numberRefs = counts[5]
        guard docCount == expected else {
            throw .corrupt(file: name, offset: payload.lowerBound, reason: "holds \(docCount) documents, the segment has \(expected)")
        }
        var at = payload.lowerBound + 48
        func section(_ words: Int) -> Int { defer { at += words * 4 }; return at }
        keyOffsets = section(keyCount + 1)
        fieldOffsets = section(fieldCount + 1)
        valueOffsets = section(valueCount + 1)
        docKeyStarts = section(docCount + 1)
        keyOrdinals = section(keyRefs)
        docNumberStarts = section(docCount + 1)
        numberFields = section(numberRefs)
        numberValues = section(numberRefs)
        guard at <= payload.upperBound else {
            throw .corrupt(file: name, offset: payload.lowerBound, reason: "tables run past the end of the file")
        }
        let b = file.bytes
        func word(_ i: Int) -> Int { Int(UInt32(littleEndian: b.loadUnaligned(fromByteOffset: i, as: UInt32.self))) }
        /// Checks a table of `count + 1` ascending offsets starting at 0; returns its last value.
        func ascending(_ start: Int, _ count: Int, _ what: String) throws(IndexError) -> Int {
            guard word(start) == 0 else { throw .corrupt(file: name, offset: start, reason: "\(what) do not start at 0") }
            var prev = 0
            for i in stride(from: 1, through: count, by: 1) {
                let x = word(start + i * 4)
                guard x >= prev else { throw .corrupt(file: name, offset: start + i * 4, reason: "\(what) not ascending") }
                prev = x
            }
            return prev
        }
        let keyLength = try ascending(keyOffsets, keyCount, "key offsets")
        let fieldLength = try ascending(fieldOffsets, fieldCount, "field offsets")
        let valueLength = try ascending(valueOffsets, valueCount, "value offsets")
        keyBytes = at
        fieldBytes = keyBytes + keyLength
        valueBytes = fieldBytes + fieldLength
        guard valueBytes + valueLength == payload.upperBound else {
            throw .corrupt(file: name, offset: payload.lowerBound, reason: "size does not match its tables")
        }
        guard try ascending(docKeyStarts, docCount, "document key starts") == keyRefs,
              try ascending(docNumberStarts, docCount, "document number starts") == numberRefs else {
            throw .corrupt(file: name, offset: docKeyStarts, reason: "document starts do not end at the number of entries")
        }
        for i in 0..<keyRefs where word(keyOrdinals + i * 4) >= keyCount {
            throw .corrupt(file: name, offset: keyOrdinals + i * 4, reason: "key ordinal out of range")
        }
        for i in 0..<numberRefs where word(numberFields + i * 4) >= fieldCount || word(numberValues + i * 4) >= valueCount {
            throw .corrupt(file: name, offset: numberFields + i * 4, reason: "number ordinal out of range")
        }
    }

    @inline(__always) private func word(_ at: Int) -> Int {
        Int(UInt32(littleEndian: file.bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
    }

    /// The range of `doc`'s entries in the key ordinals.
    @inline(__always) func keyEntries(_ doc: Int) -> Range<Int> { word(docKeyStarts + doc * 4)..<word(docKeyStarts + doc * 4 + 4) }
    /// The key ordinal of entry `i`.
    @inline(__always) func keyOrdinal(_ i: Int) -> Int { word(keyOrdinals + i * 4) }
    /// The range of `doc`'s entries in the number tables.
    @inline(__always) func numberEntries(_ doc: Int) -> Range<Int> { word(docNumberStarts + doc * 4)..<word(docNumberStarts + doc * 4 + 4) }
    /// (field ordinal, value ordinal) of number entry `i`.
    @inline(__always) func number(_ i: Int) -> (field: Int, value: Int) { (word(numberFields + i * 4), word(numberValues + i * 4)) }

    /// True when `doc` has the key with ordinal `ord` (its ordinals are ascending).
    func has(_ doc: Int, key ord: Int) -> Bool {
        var lo = word(docKeyStarts + doc * 4), hi = word(docKeyStarts + doc * 4 + 4)
        while lo < hi {
            let m = (lo + hi) / 2
            let x = keyOrdinal(m)
            if x == ord { return true }
            if x < ord { lo = m + 1 } else { hi = m }
        }
        return false
    }

    private func bytes(_ offsets: Int, _ blob: Int, _ ord: Int) -> UnsafeRawBufferPointer {
        let s = word(offsets + ord * 4), e = word(offsets + ord * 4 + 4)
        return UnsafeRawBufferPointer(rebasing: file.bytes[(blob + s)..<(blob + e)])
    }

    /// The key with ordinal `ord`.
    func key(_ ord: Int) -> String { String(decoding: bytes(keyOffsets, keyBytes, ord), as: UTF8.self) }
    /// The field with ordinal `ord`.
    func field(_ ord: Int) -> String { String(decoding: bytes(fieldOffsets, fieldBytes, ord), as: UTF8.self) }
    /// The canonical decimal with ordinal `ord`, as bytes of the mapping.
    func valueBytes(_ ord: Int) -> UnsafeRawBufferPointer { bytes(valueOffsets, valueBytes, ord) }

    /// The key with ordinal `ord`, as bytes of the mapping.
    func keyData(_ ord: Int) -> UnsafeRawBufferPointer { bytes(keyOffsets, keyBytes, ord) }
    /// The field with ordinal `ord`, as bytes of the mapping.
    func fieldData(_ ord: Int) -> UnsafeRawBufferPointer { bytes(fieldOffsets, fieldBytes, ord) }

    /// Compares bytes as unsigned strings (the order of the key and field tables).
    static func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        for i in 0..<n where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// The first ordinal in 0..<count for which `atOrAfter` holds (it must be monotone).
    private static func partition(_ count: Int, _ atOrAfter: (Int) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let m = (lo + hi) / 2
            if atOrAfter(m) { hi = m } else { lo = m + 1 }
        }
        return lo
    }

    private func find(_ s: String, _ offsets: Int, _ blob: Int, _ count: Int) -> Int? {
        var s = s
        return s.withUTF8 { p -> Int? in
            let needle = UnsafeRawBufferPointer(p)
            let i = Self.partition(count) { Self.compareBytes(bytes(offsets, blob, $0), needle) >= 0 }
            return i < count && Self.compareBytes(bytes(offsets, blob, i), needle) == 0 ? i : nil
        }
    }

    /// The ordinal of key `k`, nil when no document of the segment has it.
    func keyOrdinal(of k: String) -> Int? { find(k, keyOffsets, keyBytes, keyCount) }
    /// The ordinal of field `f`, nil when no document of the segment has it.
    func fieldOrdinal(of f: String) -> Int? { find(f, fieldOffsets, fieldBytes, fieldCount) }

    /// The ordinals of the keys that start with `prefix` (UTF-8 bytes): a contiguous run, keys being sorted.
    func keyOrdinals(prefix: String) -> Range<Int> {
        var p = prefix
        return p.withUTF8 { q -> Range<Int> in
            let needle = UnsafeRawBufferPointer(q)
            let lo = Self.partition(keyCount) { Self.compareBytes(bytes(keyOffsets, keyBytes, $0), needle) >= 0 }
            let hi = Self.partition(keyCount) { o in
                let k = bytes(keyOffsets, keyBytes, o)
                let head = UnsafeRawBufferPointer(rebasing: k[0..<min(k.count, needle.count)])
                return Self.compareBytes(head, needle) > 0
            }
            return lo..<max(lo, hi)
        }
    }

    /// The value ordinals within `range` (bounds canonical decimals), as a half-open range.
    func valueOrdinals(_ range: CanonicalRange) -> Range<Int> {
        func bound(_ s: String, after: Bool) -> Int {
            var s = s
            return s.withUTF8 { p in
                let b = UnsafeRawBufferPointer(p)
                return Self.partition(valueCount) { o in
                    let c = Decimal10.compare(valueBytes(o), b)
                    return after ? c > 0 : c >= 0
                }
            }
        }
        let lo = range.lower.map { bound($0, after: !range.lowerInclusive) } ?? 0
        let hi = range.upper.map { bound($0, after: range.upperInclusive) } ?? valueCount
        return lo..<max(lo, hi)
    }
}

/// A `NumberRange` with its ends in canonical form.
struct CanonicalRange {
    var lower: String?
    var lowerInclusive: Bool
    var upper: String?
    var upperInclusive: Bool
}

/// Writes the doc-values file of a merged segment from the files of the segments merged: the live
/// documents of each, in order, their ordinals mapped into the union of the tables.
///
/// Why not a `DocValuesBuilder` fed with stored documents: the tables are sorted already, so a k-way
/// merge of them gives the union without decoding a stored record; memory is a few bytes per table
/// entry, nothing per document. The file equals what the builder writes for the same documents.
enum DocValuesMerge {
    /// One segment merged: its doc values and its dead-document bitmap.
    struct Input {
        var values: DocValues
        var dead: [UInt64]

        @inline(__always) func isLive(_ doc: Int) -> Bool { dead[doc >> 6] & (1 << UInt64(doc & 63)) == 0 }
    }

    /// The union of one table (keys, fields or values) over the inputs: for each input, its ordinals'
    /// numbers in the union (entries no live document uses are left out), and each union entry's source.
    private struct Union {
        var maps: [[UInt32]]
        var sources: [(input: Int, ord: Int)] = []
    }

    /// Merges sorted tables: `count(i)` entries in input i, `data(i, ord)` an entry's bytes, `compare`
    /// their order (-1, 0, 1); only entries marked in `used` are kept.
    private static func union(_ inputs: Int, used: [[Bool]], data: (Int, Int) -> UnsafeRawBufferPointer,
                              compare: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Int,
                              file: String) throws(IndexError) -> Union {
        var u = Union(maps: used.map { [UInt32](repeating: UInt32.max, count: $0.count) })
        var heads = [Int](repeating: 0, count: inputs)
        func skipUnused(_ i: Int) {
            while heads[i] < used[i].count && !used[i][heads[i]] { heads[i] += 1 }
        }
        for i in 0..<inputs { skipUnused(i) }
        while true {
            var best = -1
            for i in 0..<inputs where heads[i] < used[i].count {
                if best < 0 || compare(data(i, heads[i]), data(best, heads[best])) < 0 { best = i }
            }
            guard best >= 0 else { break }
            let entry = data(best, heads[best])
            let number = UInt32(truncatingIfNeeded: u.sources.count)
            u.sources.append((best, heads[best]))
            for i in 0..<inputs where heads[i] < used[i].count && compare(data(i, heads[i]), entry) == 0 {
                let was = heads[i]
                u.maps[i][was] = number
                heads[i] += 1
                skipUnused(i)
                // A table out of order would give an unsorted union: readers binary-search it.
                if heads[i] < used[i].count && compare(data(i, heads[i]), data(i, was)) <= 0 {
                    throw .corrupt(file: file, offset: 0, reason: "doc-values table not in ascending order")
                }
            }
        }
        return u
    }

    /// Writes the payload for the live documents of `inputs`, in order, into `sink`.
    static func write(_ inputs: [Input], to sink: FileSink) throws(IndexError) {
        let n = inputs.count
        var usedKeys: [[Bool]] = [], usedFields: [[Bool]] = [], usedValues: [[Bool]] = []
        var docCount = 0, keyRefs = 0, numberRefs = 0
        for input in inputs {
            let v = input.values
            var keys = [Bool](repeating: false, count: v.keyCount)
            var fields = [Bool](repeating: false, count: v.fieldCount)
            var values = [Bool](repeating: false, count: v.valueCount)
            for d in 0..<v.docCount where input.isLive(d) {
                docCount += 1
                let ke = v.keyEntries(d), ne = v.numberEntries(d)
                keyRefs += ke.count
                numberRefs += ne.count
                for e in ke { keys[v.keyOrdinal(e)] = true }
                for e in ne {
                    let (f, x) = v.number(e)
                    fields[f] = true
                    values[x] = true
                }
            }
            usedKeys.append(keys); usedFields.append(fields); usedValues.append(values)
        }
        let name = sink.url.lastPathComponent
        let keys = try union(n, used: usedKeys, data: { inputs[$0].values.keyData($1) }, compare: DocValues.compareBytes, file: name)
        let fields = try union(n, used: usedFields, data: { inputs[$0].values.fieldData($1) }, compare: DocValues.compareBytes, file: name)
        let values = try union(n, used: usedValues, data: { inputs[$0].values.valueBytes($1) }, compare: Decimal10.compare, file: name)
        usedKeys = []; usedFields = []; usedValues = []

        for c in [docCount, keys.sources.count, fields.sources.count, values.sources.count, keyRefs, numberRefs] { sink.w.u64(UInt64(c)) }
        func offsets(_ u: Union, _ data: (Int, Int) -> UnsafeRawBufferPointer) throws(IndexError) {
            var o: UInt32 = 0
            sink.w.u32(0)
            for (i, ord) in u.sources {
                o &+= UInt32(truncatingIfNeeded: data(i, ord).count)
                sink.w.u32(o)
            }
            try sink.spillIfLarge()
        }
        try offsets(keys) { inputs[$0].values.keyData($1) }
        try offsets(fields) { inputs[$0].values.fieldData($1) }
        try offsets(values) { inputs[$0].values.valueBytes($1) }
        /// Calls `body` with each input's number and each of its live documents, in order.
        func eachLive(_ body: (Int, Int) -> Void) throws(IndexError) {
            for (i, input) in inputs.enumerated() {
                for d in 0..<input.values.docCount where input.isLive(d) {
                    body(i, d)
                    if d & 4095 == 4095 { try sink.spillIfLarge() }
                }
                try sink.spillIfLarge()
            }
        }
        var at: UInt32 = 0
        sink.w.u32(0)
        try eachLive { i, d in
            at &+= UInt32(truncatingIfNeeded: inputs[i].values.keyEntries(d).count)
            sink.w.u32(at)
        }
        try eachLive { i, d in
            let v = inputs[i].values
            for e in v.keyEntries(d) { sink.w.u32(keys.maps[i][v.keyOrdinal(e)]) }
        }
        at = 0
        sink.w.u32(0)
        try eachLive { i, d in
            at &+= UInt32(truncatingIfNeeded: inputs[i].values.numberEntries(d).count)
            sink.w.u32(at)
        }
        try eachLive { i, d in
            let v = inputs[i].values
            for e in v.numberEntries(d) { sink.w.u32(fields.maps[i][v.number(e).field]) }
        }
        try eachLive { i, d in
            let v = inputs[i].values
            for e in v.numberEntries(d) { sink.w.u32(values.maps[i][v.number(e).value]) }
        }
        for (u, data) in [(keys, { (i: Int, o: Int) in inputs[i].values.keyData(o) }),
                          (fields, { (i: Int, o: Int) in inputs[i].values.fieldData(o) }),
                          (values, { (i: Int, o: Int) in inputs[i].values.valueBytes(o) })] {
            for (i, ord) in u.sources {
                sink.w.bytes.append(contentsOf: data(i, ord))
                try sink.spillIfLarge()
            }
        }
    }
}
