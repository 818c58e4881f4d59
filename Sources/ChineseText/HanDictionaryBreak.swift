import CICU

/// ICU's dictionary word break over runs of common Chinese characters (its CjkBreakEngine with the
/// system ICU's own cjdict words and costs), computed from a hash table instead of ICU's trie.
///
/// Why: ICU's trie walk was a fifth of an index build's CPU. With this table the segmenter asks ICU
/// only for the text between runs of ideographs (punctuation, digits, Latin) and splits each run
/// itself with ICU's algorithm: the least total cost, where a character no dictionary word of one
/// character covers costs 255, words of at most 20 characters, ties to the earliest split. The
/// pieces are ICU's exactly; a text holding anything that could make the split differ (kana, other
/// dictionary scripts, combining marks, joiners, connector punctuation, characters beyond the BMP)
/// goes to ICU whole (`canSplit`). Tests compare both on random and real text.
public final class HanDictionaryBreak: Sendable {
    /// Per BMP code point: bit 0 in ICU's Chinese/Japanese dictionary set, bit 1 joined to its
    /// neighbours by the word break rules, bit 2 a common ideograph this table splits (U+3400–U+4DBF,
    /// U+4E00–U+9FFF).
    let classes: [UInt8]
    /// Per BMP code point: bits 1… the cost of the one-character word plus one (0: no such word),
    /// bit 0 set when longer words start with it.
    let first: [UInt32]
    /// Open-addressing table of every word prefix of two or more characters (key 0: empty).
    let slots: [Slot]
    /// Per BMP code point: the kind ICU's rules give that character alone, as a representative rule
    /// status (0 none, 100 number, 200 letter, 300 kana or ideograph), or `unknownStatus`.
    let singleStatus: [UInt16]
    /// The number of words copied from ICU.
    public let wordCount: Int

    static let unknownStatus: UInt16 = 0xFFFF
    /// ICU's cost of a character no one-character word covers (maxSnlp).
    static let unknownCost: UInt32 = 255
    /// ICU's longest match, in UTF-16 units (maxWordSize).
    static let longestWord = 20

    /// A prefix: its 64-bit hash, and `info`: bit 0 set when longer words continue it, bits 1… the
    /// cost of the word it is plus one (0: it is no word).
    struct Slot {
        var key: UInt64 = 0
        var info: UInt32 = 0
    }

    /// The system ICU's dictionary, loaded once per process (about 60 ms); nil when ICU has no
    /// cjdict data in the expected format, and the segmenter then keeps asking ICU for everything.
    public static let system: HanDictionaryBreak? = try? HanDictionaryBreak()

    /// Copies ICU's cjdict and character classes; throws when ICU's data is missing or unexpected.
    public init() throws(TextError) {
        var classes = [UInt8](repeating: 0, count: 0x10000)
        var status: Int32 = 0
        guard cicu_wordbreak_classes(&classes, 0x10000, &status) == 0x10000, status <= 0 else {
            throw .icu(operation: "word break character classes", status: String(cString: cicu_error_name(status)))
        }
        for v in 0x3400...0x4DBF where classes[v] & 3 == 1 { classes[v] |= 4 }
        for v in 0x4E00...0x9FFF where classes[v] & 3 == 1 { classes[v] |= 4 }
        var words: Int32 = 0, unitCount: Int32 = 0
        guard let handle = cicu_cjdict_open(&words, &unitCount, &status), status <= 0, words > 0, unitCount > 0 else {
            throw .icu(operation: "reading the cjdict dictionary", status: String(cString: cicu_error_name(status)))
        }
        var units = [UInt16](repeating: 0, count: Int(unitCount))
        var ends = [Int32](repeating: 0, count: Int(words))
        var costs = [Int32](repeating: 0, count: Int(words))
        cicu_cjdict_read(handle, &units, &ends, &costs)
        cicu_cjdict_close(handle)

        var first = [UInt32](repeating: 0, count: 0x10000)
        // Only words made wholly of the ideographs this table splits can match inside its runs (ICU
        // 72: 254k of 316k; the rest hold kana and other characters). Their prefixes of two or more
        // characters (302k) go in a table at least 1.5 times as large: 8 MB, short probes.
        let plain = classes.withUnsafeBufferPointer { classes in
            (0..<Int(words)).map { w -> Bool in
                let start = w == 0 ? 0 : Int(ends[w - 1]), end = Int(ends[w])
                guard start < end, end <= units.count, costs[w] >= 0, costs[w] < 0x7FFF_FFFF else { return false }
                return units[start..<end].allSatisfy { classes[Int($0)] & 4 != 0 }
            }
        }
        var bound = 0
        for w in 0..<Int(words) where plain[w] { bound += Int(ends[w]) - (w == 0 ? 0 : Int(ends[w - 1])) - 1 }
        var slots = Self.table(capacity: bound)
        var start = 0
        for w in 0..<Int(words) {
            let end = Int(ends[w])
            defer { start = end }
            guard plain[w] else { continue }
            let cost = UInt32(costs[w]) + 1
            let c0 = Int(units[start])
            if end - start == 1 {
                first[c0] = (first[c0] & 1) | cost << 1
                continue
            }
            first[c0] |= 1
            var hash = Self.step(Self.basis, UInt32(units[start]))
            for k in (start + 1)..<end {
                hash = Self.step(hash, UInt32(units[k]))
                let key = Self.key(hash)
                let slot = Self.find(key, in: slots)
                slots[slot].key = key
                if k == end - 1 {
                    slots[slot].info = (slots[slot].info & 1) | cost << 1
                } else {
                    slots[slot].info |= 1
                }
            }
        }
        // The bound counts shared prefixes once per word: size the table to the prefixes there are.
        let used = slots.reduce(0) { $0 + ($1.key != 0 ? 1 : 0) }
        var compact = Self.table(capacity: used)
        if compact.count < slots.count {
            for entry in slots where entry.key != 0 { compact[Self.find(entry.key, in: compact)] = entry }
            slots = compact
        }
        self.classes = classes
        self.first = first
        self.slots = slots
        self.wordCount = Int(words)
        self.singleStatus = try Self.singleStatuses(classes)
    }

    /// An empty table of at least 1.5 times `capacity` slots (a power of two).
    private static func table(capacity: Int) -> [Slot] {
        var size = 1 << 10
        while size < capacity * 3 / 2 { size <<= 1 }
        return [Slot](repeating: Slot(), count: size)
    }

    /// The slot holding `key`, or the empty slot where it goes.
    private static func find(_ key: UInt64, in slots: [Slot]) -> Int {
        let mask = slots.count - 1
        var slot = Self.slot(key, mask)
        while slots[slot].key != 0 && slots[slot].key != key { slot = (slot + 1) & mask }
        return slot
    }

    /// ICU's rule status for each character alone, for the ranges where punctuation and symbols
    /// live (the rest stays unknown and goes to ICU when met).
    private static func singleStatuses(_ classes: [UInt8]) throws(TextError) -> [UInt16] {
        var table = [UInt16](repeating: unknownStatus, count: 0x10000)
        var status: Int32 = 0
        guard let iterator = cicu_wordbreak_open("zh", &status), status <= 0 else {
            throw .icu(operation: "word break (locale zh)", status: String(cString: cicu_error_name(status)))
        }
        defer { cicu_wordbreak_close(iterator) }
        var ends: [Int32] = [0, 0]
        var statuses: [Int32] = [0, 0]
        for range in [0x0000...0x33FF, 0xFE00...0xFFFF] {
            for v in range where classes[v] == 0 && !(v >= 0xD800 && v <= 0xDFFF) {
                var unit = UInt16(v)
                var s: Int32 = 0
                let count = cicu_wordbreak_segments(iterator, &unit, 1, &ends, &statuses, 2, &s)
                guard s <= 0, count == 1, ends[0] == 1 else { continue }
                let rule = statuses[0]
                table[v] = rule >= 300 ? 300 : rule >= 200 ? 200 : rule >= 100 ? 100 : 0
            }
        }
        return table
    }

    static let basis: UInt64 = 0xCBF2_9CE4_8422_2325
    @inline(__always) static func step(_ h: UInt64, _ v: UInt32) -> UInt64 {
        (h ^ UInt64(v)) &* 0x0000_0100_0000_01B3
    }
    @inline(__always) static func key(_ h: UInt64) -> UInt64 {
        var x = h ^ (h >> 31)
        x = x &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 29
        return x | 1
    }
    @inline(__always) static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: key >> 24) & mask
    }

    /// True when this table's split of `scalars` into ideograph runs and the text between them
    /// gives exactly ICU's word break (see the type's comment for what sends a text to ICU whole).
    public func canSplit(_ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        classes.withUnsafeBufferPointer { classes in
            for s in scalars {
                let v = Int(s.value)
                guard v < 0x10000 else { return false }
                let c = classes[v]
                if c & 2 != 0 || c & 5 == 1 { return false }
            }
            return true
        }
    }

    /// The tables as buffers, for a walk over one text.
    func withTables<R>(_ body: (Tables) -> R) -> R {
        classes.withUnsafeBufferPointer { classes in
            first.withUnsafeBufferPointer { first in
                slots.withUnsafeBufferPointer { slots in
                    singleStatus.withUnsafeBufferPointer { single in
                        body(Tables(classes: classes, first: first, slots: slots, singleStatus: single))
                    }
                }
            }
        }
    }

    /// Read-only views of the tables.
    struct Tables {
        let classes: UnsafeBufferPointer<UInt8>
        let first: UnsafeBufferPointer<UInt32>
        let slots: UnsafeBufferPointer<Slot>
        let singleStatus: UnsafeBufferPointer<UInt16>

        /// True when `v` is an ideograph the table splits.
        @inline(__always) func splits(_ v: UInt32) -> Bool {
            v < 0x10000 && classes[Int(v)] & 4 != 0
        }

        /// ICU's dictionary break of the run scalars[start..<end] (ideographs `splits` accepts):
        /// calls `body` with the end of each word, ascending (the last is `end`). `cost` and `from`
        /// are scratch of at least end - start + 1 elements.
        func breakRun(
            _ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int,
            cost: UnsafeMutableBufferPointer<UInt32>, from: UnsafeMutableBufferPointer<Int32>,
            _ body: (Int) -> Void
        ) {
            let n = end - start
            guard n > 0, cost.count > n, from.count > n, end <= scalars.count, start >= 0 else { return }
            if n == 1 {
                body(end)
                return
            }
            let mask = slots.count - 1
            cost[0] = 0
            for i in 1...n { cost[i] = UInt32.max }
            for i in 0...n { from[i] = -1 }
            for i in 0..<n {
                let here = cost[i]
                if here == UInt32.max { continue }
                let position = start + i
                // Start loading the slot of the two-character prefix a few positions on.
                if position + 4 < end {
                    let ahead = HanDictionaryBreak.key(HanDictionaryBreak.step(HanDictionaryBreak.step(HanDictionaryBreak.basis,
                        scalars[position + 3].value), scalars[position + 4].value))
                    if let base = slots.baseAddress { cicu_prefetch(base + HanDictionaryBreak.slot(ahead, mask)) }
                }
                let c0 = scalars[position].value
                let entry = c0 < 0x10000 ? first[Int(c0)] : 0
                // The one-character word, or ICU's cost of a character no such word covers.
                let single = entry >> 1 != 0 ? (entry >> 1) - 1 : HanDictionaryBreak.unknownCost
                if here &+ single < cost[i + 1] {
                    cost[i + 1] = here &+ single
                    from[i + 1] = Int32(truncatingIfNeeded: i)
                }
                guard entry & 1 != 0, !slots.isEmpty else { continue }
                var hash = HanDictionaryBreak.step(HanDictionaryBreak.basis, c0)
                var k = position + 1
                let last = min(end, position + HanDictionaryBreak.longestWord)
                while k < last {
                    hash = HanDictionaryBreak.step(hash, scalars[k].value)
                    let key = HanDictionaryBreak.key(hash)
                    var slot = HanDictionaryBreak.slot(key, mask)
                    var info: UInt32 = 0
                    var found = false
                    while true {
                        let s = slots[slot]
                        if s.key == key { info = s.info; found = true; break }
                        if s.key == 0 { break }
                        slot = (slot + 1) & mask
                    }
                    guard found else { break }
                    k += 1
                    if info >> 1 != 0 {
                        let j = k - start
                        let candidate = here &+ ((info >> 1) - 1)
                        if candidate < cost[j] {
                            cost[j] = candidate
                            from[j] = Int32(truncatingIfNeeded: i)
                        }
                    }
                    if info & 1 == 0 { break }
                }
            }
            // Walk the best split back from the end, then report its word ends in order.
            var count = 0
            var j = n
            while j > 0 {
                cost[count] = UInt32(truncatingIfNeeded: j)
                count += 1
                let previous = Int(from[j])
                guard previous >= 0, previous < j else { break }
                j = previous
            }
            while count > 0 {
                count -= 1
                body(start + Int(cost[count]))
            }
        }

    }
}
