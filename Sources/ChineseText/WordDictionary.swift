import Foundation

/// The dictionary overlay's words, stored normalised (so 鄉村振興 in a word list matches 乡村振兴).
///
/// Why this layout: a gazetteer can hold 300k names; a flat pool of scalars plus an open-addressing
/// hash of every word and every word prefix loads in a fraction of a second and answers
/// "longest word starting here" with one probe per scalar, without allocating.
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
    /// The length, in normalised scalars, of the longest word.
    public private(set) var maxLength = 0

    /// The number of distinct (normalised) words.
    public var count: Int { weights.count }

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
        let index = normalized.withUnsafeBufferPointer { findWord($0, from: 0, length: $0.count) }
        return index.map { weights[$0].isNaN ? 1 : weights[$0] }
    }

    /// The unigram model the segmenter's best path uses: each word's log probability, its weight
    /// (a corpus frequency) over the sum of all weights; words without a weight count as
    /// `defaultFrequency`, weights below 1 as 1. `unknown` is the log probability of a character
    /// that is no word (frequency 1). The total is at least `minimumTotal`, so the words of a short
    /// list do not pass for common ones.
    ///
    /// Why a floor: names from the gazetteers carry no frequency; a rare word's frequency is the
    /// honest guess for them, so they win only where the text (ICU's boundaries) supports them.
    public func logProbabilities(defaultFrequency: Float, minimumTotal: Double) -> (words: [Float], unknown: Float) {
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
    public var weightedFingerprint: String {
        var sum: UInt64 = 0
        for index in 0..<count {
            var hash = Self.basis
            for k in Int(wordStarts[index])..<Int(wordStarts[index + 1]) { hash = Self.step(hash, pool[k]) }
            let weight = weights[index]
            hash = Self.step(hash, weight.isNaN ? 0xFFFF_FFFF : weight.bitPattern)
            sum &+= Self.mix(hash)
        }
        let hex = String(sum, radix: 16)
        return "weights-v1-" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    /// Read-only views of the tables for the segmenter's inner loop, valid inside `body` only.
    ///
    /// Why: taking the arrays' buffers once per text instead of once per position keeps the best
    /// path free of reference counting.
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        slots.withUnsafeBufferPointer { slots in
            wordStarts.withUnsafeBufferPointer { wordStarts in
                firstScalars.withUnsafeBufferPointer { firstScalars in
                    body(Lookup(slots: slots, firstScalars: firstScalars, wordStarts: wordStarts, maxLength: maxLength))
                }
            }
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
        (0..<count).map { i in
            String(scalars: pool[Int(wordStarts[i])..<Int(wordStarts[i + 1])].map { Unicode.Scalar(unsafeScalar: $0) }[...])
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
        let mask = slots.count - 1
        var hash = Self.basis
        var best = 0
        var length = 0
        let last = min(end, start + maxLength)
        return slots.withUnsafeBufferPointer { slots in
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
                           equals(word: Int(word), scalars, from: start, length: length) {
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
        if (used + word.count + 1) * 10 > slots.count * 7 { rehash(capacity: (used + word.count + 1) * 4) }
        if let existing = word.withUnsafeBufferPointer({ findWord($0, from: 0, length: $0.count) }) {
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

    /// The index of the word equal to scalars[from..<from+length], if any.
    private func findWord(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, length: Int) -> Int? {
        guard !slots.isEmpty, length > 0 else { return nil }
        var hash = Self.basis
        for k in start..<(start + length) { hash = Self.step(hash, scalars[k].value) }
        let key = Self.key(hash)
        let mask = slots.count - 1
        var slot = Self.slot(key, mask: mask)
        while slots[slot].key != 0 {
            if slots[slot].key == key, slots[slot].value >= 0,
               equals(word: Int(slots[slot].value), scalars, from: start, length: length) {
                return Int(slots[slot].value)
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    @inline(__always)
    private func equals(word: Int, _ scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, length: Int) -> Bool {
        let begin = Int(wordStarts[word])
        guard Int(wordStarts[word + 1]) - begin == length else { return false }
        for k in 0..<length where pool[begin + k] != scalars[start + k].value { return false }
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

// MARK: Binary form

extension WordDictionary {
    private static let binaryMagic: [UInt8] = Array("JSWORDS1".utf8)

    /// The dictionary's tables as bytes, for `DataCache` (see `WordDictionary.cached`).
    func binaryForm() -> [UInt8] {
        var out = Self.binaryMagic
        func word(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        func array<T>(_ values: [T]) {
            word(UInt64(values.count))
            values.withUnsafeBytes { out.append(contentsOf: $0) }
        }
        array(pool)
        array(wordStarts)
        array(weights)
        array(slots.map(\.key))
        array(slots.map(\.value))
        array(slots.map(\.flags))
        array(firstScalars)
        word(UInt64(used))
        word(fingerprintSum)
        word(UInt64(maxLength))
        return out
    }

    /// A dictionary from `binaryForm()` bytes, or nil when they are not one (every table is checked for
    /// consistency, so no lookup can leave its arrays).
    init?(binaryForm raw: UnsafeRawBufferPointer) {
        guard raw.count >= Self.binaryMagic.count, raw.prefix(Self.binaryMagic.count).elementsEqual(Self.binaryMagic) else {
            return nil
        }
        var position = Self.binaryMagic.count
        func word() -> UInt64? {
            guard raw.count - position >= 8 else { return nil }
            defer { position += 8 }
            return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        }
        func array<T>(_: T.Type) -> [T]? {
            guard let count = word(), count <= UInt64(raw.count - position) / UInt64(MemoryLayout<T>.stride) else { return nil }
            let bytes = Int(count) * MemoryLayout<T>.stride
            let values = [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[position..<(position + bytes)]))
                initialized = Int(count)
            }
            position += bytes
            return values
        }
        guard let pool = array(UInt32.self), let starts = array(Int32.self), let weights = array(Float.self),
              let keys = array(UInt64.self), let values = array(Int32.self), let flags = array(UInt8.self),
              let first = array(UInt32.self), let used = word(), let sum = word(), let longest = word(),
              position == raw.count else { return nil }
        // The tables must agree with each other before any lookup may use them.
        let count = weights.count
        guard starts.count == count + 1, starts.first == 0, Int(starts.last ?? -1) == pool.count,
              zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }),
              keys.count == values.count, keys.count == flags.count, keys.isEmpty || keys.count.nonzeroBitCount == 1,
              values.allSatisfy({ $0 >= -1 && Int($0) < count }),
              first.isEmpty || first.count == 0x10000,
              first.allSatisfy({ Int($0 >> 1) <= count }),
              used <= UInt64(keys.count), longest <= UInt64(pool.count) else { return nil }
        self.init()
        self.pool = pool
        self.wordStarts = starts
        self.weights = weights
        self.slots = (0..<keys.count).map { Slot(key: keys[$0], value: values[$0], flags: flags[$0]) }
        self.firstScalars = first
        self.used = Int(used)
        self.fingerprintSum = sum
        self.maxLength = Int(longest)
    }

    /// The dictionary `build` makes, read from the cache when it holds one made from the same inputs.
    ///
    /// Why: parsing a word list of 350k words takes 0.15 s, more than everything else a command does at
    /// start; the tables it builds load from a file in milliseconds. `key` must change whenever the inputs
    /// or the normaliser change (the caller hashes the word list, the names and `Normalizer().fingerprint`).
    public static func cached(key: String, in cache: DataCache,
                              build: () throws -> WordDictionary) rethrows -> WordDictionary {
        let name = "words-v1-\(key).bin"
        if let data = cache.read(name),
           let loaded = data.withUnsafeBytes({ WordDictionary(binaryForm: $0) }) {
            return loaded
        }
        let built = try build()
        cache.write(name, built.binaryForm(), family: "words-v1-")
        return built
    }
}
