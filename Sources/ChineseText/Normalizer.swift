import CICU

/// Folds text for search: NFKC (full-width → half-width, compatibility forms), Traditional →
/// Simplified Chinese (ICU "Traditional-Simplified", applied per character, except to characters that
/// are standard Simplified themselves, such as 著 and 乾), and simple lower case.
///
/// Why: indexing and querying must fold the same way, and every normalised span must map back to
/// the original span that produced it (snippets and entity offsets point into the original text).
/// Lower case uses Unicode's simple mapping, so Greek and Cyrillic fold too, not only Latin.
public struct Normalizer: Sendable {
    /// The shared tables, built once per process on first use (about 0.1 s), not at `init`: a process
    /// that only compares fingerprints (a refresh with nothing to do) never pays for them.
    var table: NormalizationTable { NormalizationTable.shared }

    /// A normaliser (cheap: the tables are shared and built on first use).
    public init() {}

    /// Identifies the folding rules and the ICU data behind them (part of an index's analyser fingerprint).
    public var fingerprint: String {
        "nfkc+t2s-unambiguous-per-char+lower/v3/icu\(ICUInfo.version)" + (NormalizationTable.traditionalToSimplifiedAvailable ? "" : "/no-t2s")
    }

    /// Normalises `text`, keeping a map from every normalised scalar back to the original scalars.
    public func normalize(_ text: String) -> NormalizedText {
        var buffers = NormalizationBuffers()
        let originalCount = normalize(text, into: &buffers)
        return NormalizedText(
            scalars: buffers.scalars, starts: buffers.starts, ends: buffers.ends, originalCount: originalCount)
    }

    /// The normalised text alone.
    public func normalizedString(_ text: String) -> String {
        var buffers = NormalizationBuffers()
        _ = normalize(text, into: &buffers)
        return String(scalars: buffers.scalars[...])
    }

    /// The normalised form of one scalar (usually one scalar; compatibility forms may expand).
    public func normalizedScalars(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        table.append(scalar.value, to: &result)
        return result
    }

    /// Normalises `text` into reusable buffers (cleared first); returns the original's scalar count.
    func normalize(_ text: String, into buffers: inout NormalizationBuffers) -> Int {
        var iterator = text.unicodeScalars.makeIterator()
        return normalize(&iterator, into: &buffers, capacityHint: text.utf8.count)
    }

    /// Normalises a scalar sequence into reusable buffers (cleared first); returns how many scalars were read.
    func normalize<I: IteratorProtocol>(
        _ iterator: inout I, into buffers: inout NormalizationBuffers, capacityHint: Int
    ) -> Int where I.Element == Unicode.Scalar {
        buffers.removeAll(reservingCapacity: capacityHint)
        return normalize(&iterator, output: &buffers)
    }

    /// The normalised text as scalar values only (no offset map, no String): the lean path for
    /// callers that index characters (bigrams) and never map back.
    public func normalizedScalarValues(_ text: String) -> [UInt32] {
        var output = ScalarValuesOutput()
        output.values.reserveCapacity(text.utf8.count)
        var iterator = text.unicodeScalars.makeIterator()
        _ = normalize(&iterator, output: &output)
        return output.values
    }

    /// The core: reads scalars, writes normalised scalars with their original spans to `output`.
    func normalize<I: IteratorProtocol, O: NormalizationOutput>(
        _ iterator: inout I, output buffers: inout O
    ) -> Int where I.Element == Unicode.Scalar {
        let entries = table.entries
        let pool = table.pool
        let limit = NormalizationTable.limit
        var index: Int32 = 0
        var pendingStart: Int32 = -1
        var chunk: [UInt32] = []
        var current = iterator.next()
        while let scalar = current {
            var next = iterator.next()
            let value = scalar.value
            let nextCombines: Bool
            if let next, next.value < limit {
                nextCombines = entries[Int(next.value)] & NormalizationTable.combinesBit != 0
            } else {
                nextCombines = false
            }
            if !nextCombines {
                // Fast path: one scalar in, its table entry out.
                let start = pendingStart >= 0 ? pendingStart : index
                if value >= limit {
                    buffers.append(value, start: start, end: index &+ 1)
                    pendingStart = -1
                } else {
                    let entry = entries[Int(value)]
                    if entry & NormalizationTable.expansionBit == 0 {
                        let out = entry & 0x1F_FFFF
                        buffers.append(out, start: start, end: index &+ 1)
                        pendingStart = -1
                    } else {
                        let offset = Int((entry >> 5) & 0x1FF_FFFF)
                        let length = Int(entry & 0x1F)
                        if length == 0 {
                            if !buffers.extendLastEnd(to: index &+ 1), pendingStart < 0 {
                                pendingStart = index
                            }
                        } else {
                            for k in 0..<length {
                                buffers.append(pool[offset + k], start: start, end: index &+ 1)
                            }
                            pendingStart = -1
                        }
                    }
                }
                index &+= 1
                current = next
                continue
            }
            // Slow path: a base followed by scalars that combine with it; NFKC the chunk as a whole.
            chunk.removeAll(keepingCapacity: true)
            chunk.append(value)
            while let following = next, following.value < limit,
                  entries[Int(following.value)] & NormalizationTable.combinesBit != 0 {
                chunk.append(following.value)
                next = iterator.next()
            }
            let start = pendingStart >= 0 ? pendingStart : index
            let end = index &+ Int32(truncatingIfNeeded: chunk.count)
            var mapped: [Unicode.Scalar] = []
            for out in table.nfkc(chunk) { table.append(out, to: &mapped) }
            for out in mapped { buffers.append(out.value, start: start, end: end) }
            if mapped.isEmpty {
                if !buffers.extendLastEnd(to: end), pendingStart < 0 {
                    pendingStart = start
                }
            } else {
                pendingStart = -1
            }
            index = end
            current = next
        }
        return Int(index)
    }
}

/// Where the normaliser's core writes: each normalised scalar value with its original span.
protocol NormalizationOutput {
    /// Appends one normalised scalar produced by original scalars start..<end.
    mutating func append(_ value: UInt32, start: Int32, end: Int32)
    /// Extends the last scalar's original span to `end` (for input that folds to nothing);
    /// false when nothing has been written yet.
    mutating func extendLastEnd(to end: Int32) -> Bool
}

/// Output that keeps scalar values only.
struct ScalarValuesOutput: NormalizationOutput {
    var values: [UInt32] = []

    @inline(__always)
    mutating func append(_ value: UInt32, start: Int32, end: Int32) { values.append(value) }

    mutating func extendLastEnd(to end: Int32) -> Bool { !values.isEmpty }
}

/// Reusable output of the normaliser: normalised scalars and, for each, the original span.
struct NormalizationBuffers: NormalizationOutput {
    var scalars: [Unicode.Scalar] = []
    var starts: [Int32] = []
    var ends: [Int32] = []

    mutating func removeAll(reservingCapacity capacity: Int) {
        scalars.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        if scalars.capacity < capacity {
            scalars.reserveCapacity(capacity)
            starts.reserveCapacity(capacity)
            ends.reserveCapacity(capacity)
        }
    }

    @inline(__always)
    mutating func append(_ value: UInt32, start: Int32, end: Int32) {
        scalars.append(Unicode.Scalar(unsafeScalar: value))
        starts.append(start)
        ends.append(end)
    }

    mutating func extendLastEnd(to end: Int32) -> Bool {
        guard !ends.isEmpty else { return false }
        ends[ends.count - 1] = end
        return true
    }
}

extension NormalizationTable {
    /// Appends the mapping of `value` (a scalar) to `result`.
    func append(_ value: UInt32, to result: inout [Unicode.Scalar]) {
        guard value < Self.limit else {
            if let scalar = Unicode.Scalar(value) { result.append(scalar) }
            return
        }
        let entry = entries[Int(value)]
        if entry & Self.expansionBit == 0 {
            result.append(Unicode.Scalar(unsafeScalar: entry & 0x1F_FFFF))
        } else {
            let offset = Int((entry >> 5) & 0x1FF_FFFF)
            for k in 0..<Int(entry & 0x1F) { result.append(Unicode.Scalar(unsafeScalar: pool[offset + k])) }
        }
    }

    /// NFKC of a short scalar sequence through ICU (the slow path for combining sequences).
    func nfkc(_ values: [UInt32]) -> [UInt32] {
        var source: [UInt16] = []
        source.reserveCapacity(values.count * 2)
        var units = [UInt16](repeating: 0, count: 2)
        for value in values {
            let length = Self.encodeUTF16(value, into: &units)
            source.append(contentsOf: units[0..<length])
        }
        var capacity = source.count * 4 + 16
        for _ in 0..<2 {
            var target = [UInt16](repeating: 0, count: capacity)
            var status: Int32 = 0
            let needed = Int(cicu_nfkc(source, Int32(source.count), &target, Int32(capacity), &status))
            if needed > capacity {
                capacity = needed + 16
                continue
            }
            if status > 0 { return values }
            return Self.decodeUTF16(target, count: needed)
        }
        return values
    }
}

extension Unicode.Scalar {
    /// A scalar from a value the normalisation table produced (always a valid scalar value).
    @inline(__always)
    init(unsafeScalar value: UInt32) {
        self = Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}

extension String {
    /// A string from a slice of scalars, encoded straight to UTF-8.
    init(scalars: ArraySlice<Unicode.Scalar>) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 3)
        for scalar in scalars {
            let v = scalar.value
            if v < 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: v))
            } else if v < 0x800 {
                bytes.append(UInt8(truncatingIfNeeded: 0xC0 | (v >> 6)))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
            } else if v < 0x10000 {
                bytes.append(UInt8(truncatingIfNeeded: 0xE0 | (v >> 12)))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F)))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
            } else {
                bytes.append(UInt8(truncatingIfNeeded: 0xF0 | (v >> 18)))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 12) & 0x3F)))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F)))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
            }
        }
        self = String(decoding: bytes, as: UTF8.self)
    }
}

/// Normalised text with a map back to the original: every normalised scalar knows the span of
/// original scalars that produced it.
///
/// Why: search and extraction work on the folded text but must report offsets (Unicode scalar
/// offsets, end exclusive) into the text the user gave.
public struct NormalizedText: Sendable {
    /// The normalised text.
    public let text: String
    /// The normalised text as scalars (index = normalised offset).
    public let scalars: [Unicode.Scalar]
    /// The number of scalars in the original text.
    public let originalCount: Int
    /// For normalised scalar i, the original span starts[i]..<ends[i] that produced it.
    let starts: [Int32]
    let ends: [Int32]

    init(scalars: [Unicode.Scalar], starts: [Int32], ends: [Int32], originalCount: Int) {
        self.scalars = scalars
        self.starts = starts
        self.ends = ends
        self.originalCount = originalCount
        self.text = String(scalars: scalars[...])
    }

    /// The number of normalised scalars.
    public var count: Int { scalars.count }

    /// The original span (scalar offsets) that produced the normalised span `normalized`.
    ///
    /// Out-of-range bounds are clamped; an empty span maps to an empty span at the mapped offset.
    public func originalRange(_ normalized: Range<Int>) -> Range<Int> {
        let lower = min(max(normalized.lowerBound, 0), scalars.count)
        let upper = min(max(normalized.upperBound, lower), scalars.count)
        if lower == upper {
            let offset = originalOffset(lower)
            return offset..<offset
        }
        return Int(starts[lower])..<Int(ends[upper - 1])
    }

    /// The original offset of normalised offset `normalized` (the start of the scalar there, or
    /// the original's end for the end of the text).
    public func originalOffset(_ normalized: Int) -> Int {
        if normalized < 0 { return 0 }
        if normalized >= scalars.count { return originalCount }
        return Int(starts[normalized])
    }

    /// The normalised span covering the original span `original` (the inverse map, widened to whole
    /// normalised scalars), for callers that find something in the original and look it up folded.
    public func normalizedRange(forOriginal original: Range<Int>) -> Range<Int> {
        // ends is non-decreasing, so binary search both bounds.
        let lower = firstIndex(in: ends, greaterThan: Int32(clamping: original.lowerBound))
        if original.isEmpty { return lower..<lower }
        let upper = firstIndex(in: starts, greaterThanOrEqual: Int32(clamping: original.upperBound))
        return lower..<max(lower, upper)
    }

    private func firstIndex(in array: [Int32], greaterThan value: Int32) -> Int {
        var low = 0, high = array.count
        while low < high {
            let mid = (low + high) / 2
            if array[mid] > value { high = mid } else { low = mid + 1 }
        }
        return low
    }

    private func firstIndex(in array: [Int32], greaterThanOrEqual value: Int32) -> Int {
        var low = 0, high = array.count
        while low < high {
            let mid = (low + high) / 2
            if array[mid] >= value { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
