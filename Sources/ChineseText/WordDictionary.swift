import Foundation

/// The dictionary overlay's words, stored normalised (so 鄉村振興 in a word list matches 乡村振兴).
///
/// Why this layout: a gazetteer can hold 300k names; a flat pool of scalars plus an open-addressing
/// hash of every word and every word prefix answers "longest word starting here" with one probe per
/// scalar, without allocating. The tables are plain arrays of fixed-size values, so a cached copy is
/// used in place from a memory-mapped file (see `cached(key:in:build:)`): a process touches only the
/// pages its lookups need.
public struct WordDictionary: Sendable {
    /// Normalised scalars of all words, back to back.
    private var pool: [UInt32] = []
    /// Word i occupies pool[wordStarts[i]..<wordStarts[i + 1]].
    private var wordStarts: [Int32] = [0]
    /// Weights from the word list; NaN when none was given (reported as 1, segmented with a default).
    private var weights: [Float] = []
    /// Open-addressing table of words and word prefixes, one 16-byte slot each (a probe reads one
    /// cache line).
    private var slots: [Slot] = []
    private var used = 0
    /// For each BMP scalar (empty until the first word): bits 1… the one-scalar word's index + 1
    /// (0: none), bit 0 set when longer words start with it. Answers a best path's first probe
    /// from a 256 KB table instead of the hash table.
    private var firstScalars: [UInt32] = []
    private var fingerprintSum: UInt64 = 0
    /// The tables of a dictionary read from the cache (the arrays above are then empty): a mapped
    /// file, checked on first use.
    private var mapped: MappedWordTables?
    /// The length, in normalised scalars, of the longest word.
    public private(set) var maxLength = 0

    /// The number of distinct (normalised) words.
    public var count: Int { mapped?.count ?? weights.count }

    /// A stable hash of the set of normalised words (not their order, not their weights), for the
    /// index's analyser fingerprint: when it changes, segmentation may have changed.
    public var fingerprint: String {
        let hex = String(fingerprintSum, radix: 16)
        return "words-v1-\(count)-" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    /// One slot of the table: `key` is the hash of a word or word prefix (0 = empty slot), `value`
    /// the word with that hash (-1 for a prefix-only entry), `flags` bit 0 set when the hashed string
    /// is a proper prefix of some word.
    struct Slot {
        var key: UInt64 = 0
        var value: Int32 = -1
        var flags: UInt8 = 0
    }

    /// The tables as buffers, wherever they live (arrays or a mapped file).
    struct Tables {
        let pool: UnsafeBufferPointer<UInt32>
        let wordStarts: UnsafeBufferPointer<Int32>
        let weights: UnsafeBufferPointer<Float>
        let slots: UnsafeBufferPointer<Slot>
        let firstScalars: UnsafeBufferPointer<UInt32>
    }

    /// An empty dictionary.
    public init() {}

    /// A dictionary of `words` (each normalised; empty and duplicate words are skipped).
    public init(words: some Sequence<String>) {
        self.init()
        insert(contentsOf: words)
    }

    /// This dictionary plus `words` (e.g. the extractor's gazetteer names).
    public func adding(_ words: some Sequence<String>) -> WordDictionary {
        var copy = self
        copy.insert(contentsOf: words)
        return copy
    }

    /// Calls `body` with the tables as buffers, valid inside `body` only.
    func withTables<R>(_ body: (Tables) -> R) -> R {
        if let mapped { return mapped.withTables(body) }
        return pool.withUnsafeBufferPointer { pool in
            wordStarts.withUnsafeBufferPointer { wordStarts in
                weights.withUnsafeBufferPointer { weights in
                    slots.withUnsafeBufferPointer { slots in
                        firstScalars.withUnsafeBufferPointer { firstScalars in
                            body(Tables(pool: pool, wordStarts: wordStarts, weights: weights, slots: slots,
                                        firstScalars: firstScalars))
                        }
                    }
                }
            }
        }
    }

    /// True when `word` (normalised first) is in the dictionary.
    public func contains(_ word: String) -> Bool {
        let normalized = Normalizer().normalize(word).scalars
        guard !normalized.isEmpty else { return false }
        return normalized.withUnsafeBufferPointer { longestMatch(in: $0, from: 0, to: $0.count) } == normalized.count
    }

    /// The weight given to `word` in the word list (1 when none was given); nil when absent.
    public func weight(of word: String) -> Float? {
        let normalized = Normalizer().normalize(word).scalars
        guard !normalized.isEmpty else { return nil }
        return withTables { tables -> Float? in
            let index = normalized.withUnsafeBufferPointer { Self.findWord($0, from: 0, length: $0.count, in: tables) }
            guard let index, index < tables.weights.count else { return nil }
            return tables.weights[index].isNaN ? 1 : tables.weights[index]
        }
    }

    /// The unigram model the segmenter's best path uses: each word's log probability, its weight
    /// (a corpus frequency) over the sum of all weights; words without a weight count as
    /// `defaultFrequency`, weights below 1 as 1. `unknown` is the log probability of a character
    /// that is no word (frequency 1). The total is at least `minimumTotal`, so the words of a short
    /// list do not pass for common ones.
    ///
    /// Why a floor: names from the gazetteers carry no frequency; a rare word's frequency is the
    /// honest guess for them, so they win only where the text (ICU's boundaries) supports them.
    /// A cached dictionary keeps the model of the segmenter's parameters, so it is copied, not computed.
    public func logProbabilities(defaultFrequency: Float, minimumTotal: Double) -> (words: [Float], unknown: Float) {
        if let mapped, let stored = mapped.logProbabilities(defaultFrequency: defaultFrequency, minimumTotal: minimumTotal) {
            return stored
        }
        return withTables { Self.logProbabilities($0.weights, defaultFrequency: defaultFrequency, minimumTotal: minimumTotal) }
    }

    /// The model of `logProbabilities(defaultFrequency:minimumTotal:)` computed from `weights`.
    static func logProbabilities(
        _ weights: UnsafeBufferPointer<Float>, defaultFrequency: Float, minimumTotal: Double
    ) -> (words: [Float], unknown: Float) {
        var total: Double = 0
        for weight in weights { total += Double(weight.isNaN ? defaultFrequency : max(weight, 1)) }
        total = max(total, minimumTotal, 1)
        let logTotal = Foundation.log(total)
        var out = [Float](repeating: 0, count: weights.count)
        for (index, weight) in weights.enumerated() {
            let frequency = Double(weight.isNaN ? defaultFrequency : max(weight, 1))
            out[index] = Float(Foundation.log(frequency) - logTotal)
        }
        return (out, Float(-logTotal))
    }

    /// A stable hash of the words with their weights: the best path depends on both.
    ///
    /// A cached dictionary knows it from its file's header, so an index opens without hashing every word.
    public var weightedFingerprint: String {
        let sum = mapped?.weightedSum ?? withTables(Self.weightedSum)
        let hex = String(sum, radix: 16)
        return "weights-v1-" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    /// The sum behind `weightedFingerprint`.
    static func weightedSum(_ tables: Tables) -> UInt64 {
        var sum: UInt64 = 0
        let count = min(tables.weights.count, tables.wordStarts.count - 1)
        guard count > 0 else { return 0 }
        for index in 0..<count {
            var hash = Self.basis
            let start = Int(tables.wordStarts[index]), end = Int(tables.wordStarts[index + 1])
            guard start >= 0, start <= end, end <= tables.pool.count else { continue }
            for k in start..<end { hash = Self.step(hash, tables.pool[k]) }
            let weight = tables.weights[index]
            hash = Self.step(hash, weight.isNaN ? 0xFFFF_FFFF : weight.bitPattern)
            sum &+= Self.mix(hash)
        }
        return sum
    }

    /// Read-only views of the tables for the segmenter's inner loop, valid inside `body` only.
    ///
    /// Why: taking the arrays' buffers once per text instead of once per position keeps the best
    /// path free of reference counting.
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        let maxLength = self.maxLength
        return withTables { tables in
            body(Lookup(slots: tables.slots, firstScalars: tables.firstScalars, wordStarts: tables.wordStarts,
                        maxLength: maxLength))
        }
    }
    /// The tables as buffers (see `withLookup`).
    struct Lookup {
        let slots: UnsafeBufferPointer<Slot>
        let firstScalars: UnsafeBufferPointer<UInt32>
        let wordStarts: UnsafeBufferPointer<Int32>
        let maxLength: Int

        /// Calls `body(length, word)` for every dictionary word that starts at `start` in normalised
        /// `scalars` and ends at or before `end`, shortest first (`word` indexes `logProbabilities`).
        @inline(__always)
        func forEachMatch(
            in scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, to end: Int, _ body: (Int, Int) -> Void
        ) {
            guard maxLength > 0, !slots.isEmpty, start >= 0, start < end, end <= scalars.count else { return }
            let mask = slots.count - 1
            var hash = WordDictionary.basis
            var length = 0
            var position = start
            let last = min(end, start + maxLength)
            let first = scalars[start].value
            if first < 0x10000, firstScalars.count == 0x10000 {
                let entry = firstScalars[Int(first)]
                if entry >> 1 != 0, Int(entry >> 1) < wordStarts.count { body(1, Int(entry >> 1) - 1) }
                if entry & 1 == 0 { return }
                hash = WordDictionary.step(hash, first)
                position += 1
                length = 1
            }
            while position < last {
                hash = WordDictionary.step(hash, scalars[position].value)
                position += 1
                length += 1
                let key = WordDictionary.key(hash)
                var slot = WordDictionary.slot(key, mask: mask)
                var isPrefix = false
                // The 64-bit hash of the whole prefix stands for it here (no scalar compare, which
                // would cost two more cache misses a match): among a million keys a collision has
                // odds of about 1 in 10^7 and would only change a split.
                while slots[slot].key != 0 {
                    let entry = slots[slot]
                    if entry.key == key {
                        isPrefix = entry.flags & 1 != 0
                        let word = Int(entry.value)
                        if word >= 0, word + 1 < wordStarts.count { body(length, word) }
                        break
                    }
                    slot = (slot + 1) & mask
                }
                if !isPrefix { return }
            }
        }
    }


    /// All words, normalised, in insertion order.
    public var words: [String] {
        withTables { tables in
            (0..<max(0, min(tables.weights.count, tables.wordStarts.count - 1))).map { i in
                let start = Int(tables.wordStarts[i]), end = Int(tables.wordStarts[i + 1])
                guard start >= 0, start <= end, end <= tables.pool.count else { return "" }
                return String(scalars: tables.pool[start..<end].map { Unicode.Scalar(unsafeScalar: $0) }[...])
            }
        }
    }

    /// The length of the longest dictionary word that starts at `start` in normalised `scalars` and
    /// ends at or before `end`; 0 when none does.
    public func longestMatch(in scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, to end: Int) -> Int {
        longestMatch(in: scalars, from: start, to: end) { _ in true }
    }

    /// The length of the longest dictionary word that starts at `start`, ends at or before `end`, and
    /// whose length `accept` approves (the segmenter accepts only words ending on an ICU boundary).
    public func longestMatch(
        in scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, to end: Int, where accept: (Int) -> Bool
    ) -> Int {
        guard maxLength > 0, start >= 0, start < end, end <= scalars.count else { return 0 }
        let last = min(end, start + maxLength)
        return withTables { tables in
            let slots = tables.slots
            guard !slots.isEmpty else { return 0 }
            let mask = slots.count - 1
            var hash = Self.basis
            var best = 0
            var length = 0
            var position = start
            while position < last {
                hash = Self.step(hash, scalars[position].value)
                position += 1
                length += 1
                let key = Self.key(hash)
                var slot = Self.slot(key, mask: mask)
                var isPrefix = false
                var found = false
                while slots[slot].key != 0 {
                    if slots[slot].key == key {
                        found = true
                        if slots[slot].flags & 1 != 0 { isPrefix = true }
                        let word = slots[slot].value
                        if word >= 0, best < length, accept(length),
                           Self.equals(word: Int(word), scalars, from: start, length: length, in: tables) {
                            best = length
                        }
                    }
                    slot = (slot + 1) & mask
                }
                if !found || !isPrefix { break }
            }
            return best
        }
    }

    /// The length of the longest dictionary word starting at `start` in `scalars`; 0 when none.
    public func longestMatch(in scalars: [Unicode.Scalar], from start: Int) -> Int {
        scalars.withUnsafeBufferPointer { longestMatch(in: $0, from: start, to: $0.count) }
    }

    // MARK: Loading

    /// Loads a word list: UTF-8, one word per line, an optional TAB and weight, `#` comment lines,
    /// blank lines ignored. Errors name the file and line.
    public static func load(contentsOf url: URL) throws(TextError) -> WordDictionary {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableDictionary(path: url.path, reason: error.localizedDescription)
        }
        return try load(data: data, path: url.path)
    }

    /// Parses word-list bytes (the format of `load(contentsOf:)`); `path` names them in errors.
    ///
    /// Why: a word list compiled into a program has no file; it must load, and fail, the same way.
    public static func load(data: Data, path: String) throws(TextError) -> WordDictionary {
        var dictionary = WordDictionary()
        let outcome: Result<Void, TextError> = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            do throws(TextError) {
                try dictionary.parse(raw.bindMemory(to: UInt8.self), path: path)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
        return dictionary
    }

    /// Parses a word list held as text (the format of `load(contentsOf:)`); `path` names it in errors.
    public static func load(text: String, path: String) throws(TextError) -> WordDictionary {
        var text = text
        var dictionary = WordDictionary()
        let outcome: Result<Void, TextError> = text.withUTF8 { bytes in
            do throws(TextError) {
                try dictionary.parse(bytes, path: path)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
        return dictionary
    }

    /// Parses word-list bytes into this dictionary.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String) throws(TextError) {
        materialize()
        let normalizer = Normalizer()
        var buffers = NormalizationBuffers()
        var word: [Unicode.Scalar] = []
        var position = 0
        // Skip a UTF-8 byte order mark.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        var lineNumber = 0
        let total = bytes.count
        // One word a line at most; CJK words take 3 UTF-8 bytes a scalar.
        var lines = 1
        for index in position..<total where bytes[index] == 0x0A { lines += 1 }
        reserve(words: lines, scalars: total / 3)
        while position < total {
            lineNumber += 1
            var lineEnd = position
            while lineEnd < total, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { position = lineEnd + 1 }
            var end = lineEnd
            if end > position, bytes[end - 1] == 0x0D { end -= 1 }
            var start = position
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            if start == end || bytes[start] == 0x23 { continue }  // blank or '#' comment
            var tab = start
            while tab < end, bytes[tab] != 0x09 { tab += 1 }
            var wordEnd = tab
            while wordEnd > start, bytes[wordEnd - 1] == 0x20 { wordEnd -= 1 }
            word.removeAll(keepingCapacity: true)
            guard Self.decodeUTF8(bytes, from: start, to: wordEnd, into: &word) else {
                throw .invalidUTF8(path: path, line: lineNumber, byteOffset: Self.firstInvalidUTF8(bytes, from: start, to: wordEnd))
            }
            var weight = Float.nan
            if tab < end, let fast = Self.parseSimpleNumber(bytes, from: tab + 1, to: end) {
                weight = fast
            } else if tab < end {
                let field = String(decoding: UnsafeBufferPointer(rebasing: bytes[(tab + 1)..<end]), as: UTF8.self)
                let trimmed = field.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty {
                    guard let value = Float(trimmed), value.isFinite else {
                        throw .invalidWeight(path: path, line: lineNumber, text: trimmed)
                    }
                    weight = value
                }
            }
            var iterator = word.makeIterator()
            _ = normalizer.normalize(&iterator, into: &buffers, capacityHint: word.count)
            insert(normalized: buffers.scalars, weight: weight)
        }
    }

    private mutating func insert(contentsOf words: some Sequence<String>) {
        materialize()
        let normalizer = Normalizer()
        var buffers = NormalizationBuffers()
        for word in words {
            _ = normalizer.normalize(word, into: &buffers)
            insert(normalized: buffers.scalars, weight: .nan)
        }
    }

    private mutating func reserve(words: Int, scalars: Int) {
        pool.reserveCapacity(scalars)
        wordStarts.reserveCapacity(words + 1)
        weights.reserveCapacity(words)
        // A word and (shared prefixes on average) about one prefix entry each, at most 70% full:
        // a smaller table keeps more of the best path's probes in cache.
        let needed = words * 2
        if slots.count < needed { rehash(capacity: needed) }
    }

    /// Inserts one normalised word; a duplicate keeps the larger weight (a given weight beats none).
    private mutating func insert(normalized word: [Unicode.Scalar], weight: Float) {
        guard !word.isEmpty else { return }
        materialize()
        if (used + word.count + 1) * 10 > slots.count * 7 { rehash(capacity: (used + word.count + 1) * 4) }
        let found = withTables { tables in
            word.withUnsafeBufferPointer { Self.findWord($0, from: 0, length: $0.count, in: tables) }
        }
        if let existing = found {
            if weights[existing].isNaN || weight > weights[existing] { weights[existing] = weight }
            return
        }
        let index = Int32(weights.count)
        weights.append(weight)
        for scalar in word { pool.append(scalar.value) }
        wordStarts.append(Int32(pool.count))
        maxLength = max(maxLength, word.count)
        var hash = Self.basis
        for (offset, scalar) in word.enumerated() {
            hash = Self.step(hash, scalar.value)
            if offset < word.count - 1 { insertPrefix(Self.key(hash)) }
        }
        insertWord(Self.key(hash), index: index)
        fingerprintSum &+= Self.mix(hash)
        if let first = word.first, first.value < 0x10000 {
            if firstScalars.isEmpty { firstScalars = [UInt32](repeating: 0, count: 0x10000) }
            let slot = Int(first.value)
            if word.count > 1 { firstScalars[slot] |= 1 }
            if word.count == 1 { firstScalars[slot] = (UInt32(index) + 1) << 1 | (firstScalars[slot] & 1) }
        }
    }

    private mutating func insertPrefix(_ key: UInt64) {
        let mask = slots.count - 1
        var slot = Self.slot(key, mask: mask)
        while slots[slot].key != 0 {
            if slots[slot].key == key {
                slots[slot].flags |= 1
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(key: key, value: -1, flags: 1)
        used += 1
    }

    private mutating func insertWord(_ key: UInt64, index: Int32) {
        let mask = slots.count - 1
        var slot = Self.slot(key, mask: mask)
        while slots[slot].key != 0 {
            if slots[slot].key == key, slots[slot].value < 0 {
                slots[slot].value = index
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(key: key, value: index, flags: 0)
        used += 1
    }

    private mutating func rehash(capacity: Int) {
        var size = 16
        while size < capacity { size <<= 1 }
        let old = slots
        slots = [Slot](repeating: Slot(), count: size)
        let mask = size - 1
        for entry in old where entry.key != 0 {
            var slot = Self.slot(entry.key, mask: mask)
            while slots[slot].key != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }

    /// Copies mapped tables into this dictionary's own arrays, before it changes.
    private mutating func materialize() {
        guard let mapped else { return }
        switch mapped.resolved() {
        case .rebuilt(let dictionary):
            self = dictionary
        case .mapped(let tables):
            pool = Array(tables.pool)
            wordStarts = Array(tables.wordStarts)
            weights = Array(tables.weights)
            slots = Array(tables.slots)
            firstScalars = Array(tables.firstScalars)
            used = mapped.used
            withExtendedLifetime(mapped) {}
        }
        self.mapped = nil
    }

    /// The index of the word equal to scalars[from..<from+length] in `tables`, if any.
    static func findWord(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, length: Int, in tables: Tables) -> Int? {
        let slots = tables.slots
        guard !slots.isEmpty, length > 0 else { return nil }
        var hash = Self.basis
        for k in start..<(start + length) { hash = Self.step(hash, scalars[k].value) }
        let key = Self.key(hash)
        let mask = slots.count - 1
        var slot = Self.slot(key, mask: mask)
        while slots[slot].key != 0 {
            if slots[slot].key == key, slots[slot].value >= 0,
               equals(word: Int(slots[slot].value), scalars, from: start, length: length, in: tables) {
                return Int(slots[slot].value)
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// True when word `word` of `tables` is scalars[start..<start+length] (false for a word index out of range).
    @inline(__always)
    static func equals(
        word: Int, _ scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, length: Int, in tables: Tables
    ) -> Bool {
        guard word >= 0, word + 1 < tables.wordStarts.count else { return false }
        let begin = Int(tables.wordStarts[word])
        guard Int(tables.wordStarts[word + 1]) - begin == length, begin >= 0, begin + length <= tables.pool.count else {
            return false
        }
        for k in 0..<length where tables.pool[begin + k] != scalars[start + k].value { return false }
        return true
    }

    // MARK: Hashing (FNV-1a over scalar values; a mixer picks the slot)

    static let basis: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func step(_ hash: UInt64, _ value: UInt32) -> UInt64 {
        (hash ^ UInt64(value)) &* 0x0000_0100_0000_01B3
    }

    @inline(__always)
    static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x = x &* 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }

    @inline(__always)
    static func slot(_ key: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: mix(key)) & mask }

    /// A weight written as plain digits with an optional fraction (3, 2.5), spaces around allowed,
    /// parsed straight from the bytes; nil for anything else (the caller then parses it in full).
    ///
    /// Why: a 350k-word list is parsed at every start; Foundation's trimming costs a third of that.
    static func parseSimpleNumber(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Float? {
        var i = start
        var last = end
        while i < last, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        while last > i, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 { last -= 1 }
        guard i < last, last - i <= 15 else { return nil }
        var integer: Int64 = 0
        var digits = 0
        while i < last, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            integer = integer * 10 + Int64(bytes[i] - 0x30)
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        if i == last { return Float(integer) }
        guard bytes[i] == 0x2E else { return nil }
        i += 1
        var fraction: Int64 = 0
        var scale: Int64 = 1
        while i < last, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            fraction = fraction * 10 + Int64(bytes[i] - 0x30)
            scale *= 10
            i += 1
        }
        guard i == last, scale > 1 else { return nil }
        return Float(Double(integer) + Double(fraction) / Double(scale))
    }

    // MARK: UTF-8

    /// Decodes bytes[from..<to] into scalars; false on any invalid sequence.
    static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, into out: inout [Unicode.Scalar]) -> Bool {
        var i = start
        while i < end {
            let b0 = UInt32(bytes[i])
            if b0 < 0x80 {
                out.append(Unicode.Scalar(UInt8(b0)))
                i += 1
                continue
            }
            let length: Int
            var value: UInt32
            if b0 & 0xE0 == 0xC0 { length = 2; value = b0 & 0x1F }
            else if b0 & 0xF0 == 0xE0 { length = 3; value = b0 & 0x0F }
            else if b0 & 0xF8 == 0xF0 { length = 4; value = b0 & 0x07 }
            else { return false }
            guard i + length <= end else { return false }
            for k in 1..<length {
                let b = UInt32(bytes[i + k])
                guard b & 0xC0 == 0x80 else { return false }
                value = (value << 6) | (b & 0x3F)
            }
            let minimum: UInt32 = length == 2 ? 0x80 : (length == 3 ? 0x800 : 0x10000)
            guard value >= minimum, let scalar = Unicode.Scalar(value) else { return false }
            out.append(scalar)
            i += length
        }
        return true
    }

    /// The byte offset of the first invalid UTF-8 sequence in bytes[from..<to].
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var scratch: [Unicode.Scalar] = []
        var i = start
        while i < end {
            var next = i + 1
            while next < end, bytes[next] & 0xC0 == 0x80 { next += 1 }
            scratch.removeAll(keepingCapacity: true)
            if !decodeUTF8(bytes, from: i, to: next, into: &scratch) { return i }
            i = next
        }
        return start
    }
}

// MARK: Cached form

extension WordDictionary {
    /// The cached file's first bytes; the 2 is the layout's version.
    static let cacheMagic: [UInt8] = Array("JSWORDS2".utf8)
    /// The cache file's name prefix (the key follows); files of older layouts share the word "words-".
    static let cacheFamily = "words-v2-"

    /// The header's fields, eight bytes each after the magic.
    enum HeaderField: Int, CaseIterable {
        case endianness, slotLayout, fileLength, count, poolCount, slotCount, firstCount, used, fingerprintSum,
             weightedSum, maxLength, logCount, defaultFrequency, minimumTotal, unknownLogProbability,
             poolOffset, startsOffset, weightsOffset, slotsOffset, firstOffset, logOffset, bodyChecksum, headerChecksum
    }

    /// Bytes before the first table: the magic and the fields (a multiple of 64, so tables start aligned).
    static let headerSize = 8 + 8 * HeaderField.allCases.count
    static let endiannessMark: UInt64 = 0x0102_0304_0506_0708
    static let sectionAlignment = 64

    /// `Slot`'s memory layout as a number (stride, and the offsets of its fields): a mapped table is used as
    /// `Slot`s only when the file was written with the same layout.
    static var slotLayout: UInt64 {
        let stride = UInt64(MemoryLayout<Slot>.stride)
        let key = UInt64(MemoryLayout<Slot>.offset(of: \.key) ?? 0xFF)
        let value = UInt64(MemoryLayout<Slot>.offset(of: \.value) ?? 0xFF)
        let flags = UInt64(MemoryLayout<Slot>.offset(of: \.flags) ?? 0xFF)
        return stride | key << 16 | value << 32 | flags << 48
    }

    /// The byte offsets of the tables (pool, starts, weights, slots, first scalars, log probabilities)
    /// for these counts, and the file's length: each table starts on a 64-byte boundary after the header.
    static func cacheSections(count: Int, poolCount: Int, slotCount: Int, firstCount: Int, logCount: Int)
        -> (offsets: [Int], end: Int) {
        let sizes = [poolCount * 4, (count + 1) * 4, count * 4, slotCount * MemoryLayout<Slot>.stride, firstCount * 4,
                     logCount * 4]
        var offsets: [Int] = []
        var offset = headerSize
        for size in sizes {
            offsets.append(offset)
            offset += (size + sectionAlignment - 1) / sectionAlignment * sectionAlignment
        }
        return (offsets, offset)
    }

    /// The dictionary as a cache file: a checksummed header (counts, fingerprints, the segmenter's model
    /// parameters) and the tables as they lie in memory, each checksummed as a whole.
    ///
    /// The segmenter's log probabilities (for its own parameters) are stored too, so a segmenter over a
    /// cached dictionary does not compute 350k logarithms.
    func cacheForm() -> [UInt8] {
        withTables { tables in
            let count = tables.weights.count
            let model = Self.logProbabilities(tables.weights, defaultFrequency: Segmenter.defaultFrequency,
                                              minimumTotal: Segmenter.minimumTotal)
            let layout = Self.cacheSections(count: count, poolCount: tables.pool.count, slotCount: tables.slots.count,
                                            firstCount: tables.firstScalars.count, logCount: model.words.count)
            var out = [UInt8](repeating: 0, count: layout.end)
            out.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                func copy<T>(_ values: UnsafeBufferPointer<T>, to offset: Int) {
                    guard let source = values.baseAddress, !values.isEmpty else { return }
                    (base + offset).copyMemory(from: source, byteCount: values.count * MemoryLayout<T>.stride)
                }
                copy(tables.pool, to: layout.offsets[0])
                copy(tables.wordStarts, to: layout.offsets[1])
                copy(tables.weights, to: layout.offsets[2])
                // Slot by slot, field by field: the padding is written as zeros, so equal tables give equal files.
                let stride = MemoryLayout<Slot>.stride
                let valueOffset = MemoryLayout<Slot>.offset(of: \.value) ?? 8
                let flagsOffset = MemoryLayout<Slot>.offset(of: \.flags) ?? 12
                for (index, slot) in tables.slots.enumerated() {
                    let at = layout.offsets[3] + index * stride
                    raw.storeBytes(of: slot.key, toByteOffset: at, as: UInt64.self)
                    raw.storeBytes(of: slot.value, toByteOffset: at + valueOffset, as: Int32.self)
                    raw.storeBytes(of: slot.flags, toByteOffset: at + flagsOffset, as: UInt8.self)
                }
                copy(tables.firstScalars, to: layout.offsets[4])
                model.words.withUnsafeBufferPointer { copy($0, to: layout.offsets[5]) }
                for (index, byte) in Self.cacheMagic.enumerated() { raw[index] = byte }
                func set(_ field: HeaderField, _ value: UInt64) {
                    raw.storeBytes(of: value.littleEndian, toByteOffset: 8 + 8 * field.rawValue, as: UInt64.self)
                }
                set(.endianness, Self.endiannessMark)
                set(.slotLayout, Self.slotLayout)
                set(.fileLength, UInt64(layout.end))
                set(.count, UInt64(count))
                set(.poolCount, UInt64(tables.pool.count))
                set(.slotCount, UInt64(tables.slots.count))
                set(.firstCount, UInt64(tables.firstScalars.count))
                set(.used, UInt64(used))
                set(.fingerprintSum, fingerprintSum)
                set(.weightedSum, Self.weightedSum(tables))
                set(.maxLength, UInt64(maxLength))
                set(.logCount, UInt64(model.words.count))
                set(.defaultFrequency, UInt64(Segmenter.defaultFrequency.bitPattern))
                set(.minimumTotal, Segmenter.minimumTotal.bitPattern)
                set(.unknownLogProbability, UInt64(model.unknown.bitPattern))
                for (index, field) in [HeaderField.poolOffset, .startsOffset, .weightsOffset, .slotsOffset, .firstOffset,
                                       .logOffset].enumerated() {
                    set(field, UInt64(layout.offsets[index]))
                }
                set(.bodyChecksum, ContentHash.quick(UnsafeRawBufferPointer(rebasing: raw[Self.headerSize...])))
                let checked = 8 + 8 * HeaderField.headerChecksum.rawValue
                set(.headerChecksum, ContentHash.quick(UnsafeRawBufferPointer(rebasing: raw[0..<checked])))
            }
            return out
        }
    }

    /// A dictionary whose tables are those of the cache file `file` (used in place), or nil when its header
    /// is not sound. The tables themselves are checked on first use; if they fail, `rebuild` makes the
    /// dictionary instead.
    init?(cacheFile file: MappedFile, rebuild: @escaping @Sendable () -> WordDictionary) {
        guard let tables = MappedWordTables(file: file, rebuild: rebuild) else { return nil }
        self.init()
        mapped = tables
        fingerprintSum = tables.fingerprintSum
        maxLength = tables.maxLength
        used = tables.used
    }

    /// The dictionary `build` makes, from the cache when it holds one made from the same inputs.
    ///
    /// Why: parsing a word list of 350k words takes 0.15 s, more than everything else a command does at
    /// start. The cache file is mapped, not read: opening it checks only its header (which holds the
    /// fingerprints an index is compared with), and the tables are checked (checksum and consistency) the
    /// first time a lookup needs them, so a command that never segments (a count) never touches them.
    /// `key` must change whenever the inputs or the normaliser change (the caller hashes the word list, the
    /// names and `Normalizer().fingerprint`). A file whose header fails is built again at once; one whose
    /// tables fail is built again by `build` at first use (a failure of `build` then leaves the overlay
    /// empty: ICU's words only, which can only happen if the inputs changed meanwhile).
    public static func cached(key: String, in cache: DataCache,
                              build: @escaping @Sendable () throws -> WordDictionary) rethrows -> WordDictionary {
        let name = cacheFamily + key + ".bin"
        let families = [cacheFamily, "words-v1-"]
        if let file = cache.map(name),
           let loaded = WordDictionary(cacheFile: file, rebuild: {
               guard let rebuilt = try? build() else {
                   if let url = cache.file(name) { try? FileManager.default.removeItem(at: url) }
                   return WordDictionary()
               }
               cache.writeUnframed(name, rebuilt.cacheForm(), families: families)
               return rebuilt
           }) {
            return loaded
        }
        let built = try build()
        cache.writeUnframed(name, built.cacheForm(), families: families)
        return built
    }

    /// True when this dictionary's tables are read from a mapped cache file.
    var isMapped: Bool { mapped != nil }

    /// True when the tables of a mapped dictionary failed their check and were built again.
    var wasRebuilt: Bool {
        guard let mapped, case .rebuilt = mapped.resolved() else { return false }
        return true
    }
}

/// The tables of a cached `WordDictionary` in a mapped file: the header is checked when the file is opened,
/// the tables (checksum, then every index they hold) once, on first use.
///
/// Why lazily: checking 20 MB costs a few milliseconds and pages them all in; a command that only compares
/// fingerprints (a count, a refresh with nothing to do) needs none of it.
final class MappedWordTables: @unchecked Sendable {
    typealias Field = WordDictionary.HeaderField

    /// What the first use found: the file's tables, or a dictionary built again because they were damaged.
    enum Resolved {
        case mapped(WordDictionary.Tables)
        case rebuilt(WordDictionary)
    }

    private let file: MappedFile
    let count: Int
    let used: Int
    let maxLength: Int
    let fingerprintSum: UInt64
    let weightedSum: UInt64
    private let poolCount: Int
    private let slotCount: Int
    private let firstCount: Int
    private let logCount: Int
    private let offsets: [Int]
    private let bodyChecksum: UInt64
    private let defaultFrequency: UInt64
    private let minimumTotal: UInt64
    private let unknownLogProbability: Float
    private let rebuild: @Sendable () -> WordDictionary
    private let lock = NSLock()
    /// Set on first use, under `lock`.
    private var state: Resolved?

    /// The tables of `file`, or nil when its header is not one this build wrote (magic, byte order, slot
    /// layout, checksum, counts and offsets that fit the file).
    init?(file: MappedFile, rebuild: @escaping @Sendable () -> WordDictionary) {
        let raw = file.bytes
        let size = WordDictionary.headerSize
        guard raw.count >= size, raw.prefix(WordDictionary.cacheMagic.count).elementsEqual(WordDictionary.cacheMagic)
        else { return nil }
        func field(_ field: Field) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 + 8 * field.rawValue, as: UInt64.self))
        }
        let checked = 8 + 8 * Field.headerChecksum.rawValue
        guard field(.endianness) == WordDictionary.endiannessMark, field(.slotLayout) == WordDictionary.slotLayout,
              ContentHash.quick(UnsafeRawBufferPointer(rebasing: raw[0..<checked])) == field(.headerChecksum)
        else { return nil }
        let limit: UInt64 = 1 << 31
        guard field(.count) < limit, field(.poolCount) < limit, field(.slotCount) <= limit,
              field(.firstCount) <= 0x10000, field(.logCount) < limit, field(.used) <= field(.slotCount),
              field(.maxLength) <= field(.poolCount), field(.fileLength) == UInt64(raw.count)
        else { return nil }
        count = Int(field(.count))
        poolCount = Int(field(.poolCount))
        slotCount = Int(field(.slotCount))
        firstCount = Int(field(.firstCount))
        logCount = Int(field(.logCount))
        guard slotCount == 0 || slotCount.nonzeroBitCount == 1, firstCount == 0 || firstCount == 0x10000,
              logCount == 0 || logCount == count else { return nil }
        let layout = WordDictionary.cacheSections(count: count, poolCount: poolCount, slotCount: slotCount,
                                                  firstCount: firstCount, logCount: logCount)
        let recorded = [Field.poolOffset, .startsOffset, .weightsOffset, .slotsOffset, .firstOffset, .logOffset]
            .map { Int(truncatingIfNeeded: field($0)) }
        guard recorded == layout.offsets, layout.end == raw.count else { return nil }
        offsets = layout.offsets
        used = Int(field(.used))
        maxLength = Int(field(.maxLength))
        fingerprintSum = field(.fingerprintSum)
        weightedSum = field(.weightedSum)
        bodyChecksum = field(.bodyChecksum)
        defaultFrequency = field(.defaultFrequency)
        minimumTotal = field(.minimumTotal)
        unknownLogProbability = Float(bitPattern: UInt32(truncatingIfNeeded: field(.unknownLogProbability)))
        self.file = file
        self.rebuild = rebuild
    }

    /// The file's tables if they pass their checks now, else the dictionary built again (once).
    func resolved() -> Resolved {
        lock.lock()
        defer { lock.unlock() }
        if let state { return state }
        let outcome: Resolved
        if let tables = checkedTables() {
            outcome = .mapped(tables)
        } else {
            outcome = .rebuilt(rebuild())
        }
        state = outcome
        return outcome
    }

    /// Calls `body` with the tables (the file's, or those built again), valid inside `body` only.
    func withTables<R>(_ body: (WordDictionary.Tables) -> R) -> R {
        switch resolved() {
        case .mapped(let tables): return withExtendedLifetime(self) { body(tables) }
        case .rebuilt(let dictionary): return dictionary.withTables(body)
        }
    }

    /// The stored model when it was computed with these parameters (and the tables are the file's).
    func logProbabilities(defaultFrequency: Float, minimumTotal: Double) -> (words: [Float], unknown: Float)? {
        guard logCount == count, UInt64(defaultFrequency.bitPattern) == self.defaultFrequency,
              minimumTotal.bitPattern == self.minimumTotal, case .mapped = resolved(),
              let base = file.bytes.baseAddress else { return nil }
        let words = (base + offsets[5]).bindMemory(to: Float.self, capacity: logCount)
        return (Array(UnsafeBufferPointer(start: words, count: logCount)), unknownLogProbability)
    }

    /// The tables in the file, when their checksum matches and every index they hold stays inside them.
    private func checkedTables() -> WordDictionary.Tables? {
        let raw = file.bytes
        guard let base = raw.baseAddress else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: raw[WordDictionary.headerSize...])
        // One call maps every page of the file (page faults one by one cost several times more).
        file.populate()
        guard ContentHash.quick(body) == bodyChecksum else { return nil }
        let tables = WordDictionary.Tables(
            pool: UnsafeBufferPointer(start: (base + offsets[0]).bindMemory(to: UInt32.self, capacity: poolCount), count: poolCount),
            wordStarts: UnsafeBufferPointer(start: (base + offsets[1]).bindMemory(to: Int32.self, capacity: count + 1), count: count + 1),
            weights: UnsafeBufferPointer(start: (base + offsets[2]).bindMemory(to: Float.self, capacity: count), count: count),
            slots: UnsafeBufferPointer(start: (base + offsets[3]).bindMemory(to: WordDictionary.Slot.self, capacity: slotCount), count: slotCount),
            firstScalars: UnsafeBufferPointer(start: (base + offsets[4]).bindMemory(to: UInt32.self, capacity: firstCount), count: firstCount))
        // Consistency, so that no lookup can leave the tables whatever the bytes say (lookups check the word
        // indexes they read as well). Branch-free loops: a million slots take half a millisecond.
        let starts = tables.wordStarts
        guard starts[0] == 0, Int(starts[count]) == poolCount else { return nil }
        var disorder: Int32 = 0
        for index in 0..<count { disorder |= (starts[index + 1] &- starts[index]) & Int32.min }
        guard disorder == 0 else { return nil }
        let slotBytes = UnsafeRawPointer(base + offsets[3])
        let stride = MemoryLayout<WordDictionary.Slot>.stride
        let valueOffset = MemoryLayout<WordDictionary.Slot>.offset(of: \.value) ?? 8
        var empty = 0
        var outside: UInt32 = 0
        let limit = UInt32(count + 1)
        for index in 0..<slotCount {
            let key = slotBytes.load(fromByteOffset: index * stride, as: UInt64.self)
            let value = slotBytes.load(fromByteOffset: index * stride + valueOffset, as: Int32.self)
            empty &+= key == 0 ? 1 : 0
            // value + 1 in 0...count: -1 (a prefix only) or a word.
            outside |= UInt32(bitPattern: value &+ 1) >= limit ? 1 : 0
        }
        // A full table would make a probe for an absent key loop for ever.
        guard outside == 0, slotCount == 0 || empty > 0 else { return nil }
        var firstOutside: UInt32 = 0
        for entry in tables.firstScalars { firstOutside |= (entry >> 1) > UInt32(count) ? 1 : 0 }
        guard firstOutside == 0 else { return nil }
        return tables
    }
}
