import CICU

/// Splits text into tokens: normalise, ICU word break (locale zh) on the normalised text, then a
/// dictionary overlay that joins ICU's pieces back into known words; offsets map to the original.
///
/// Why the overlay: ICU's dictionary splits names it does not know (京/东, 拼/多多, 宿/迁, 如/东县).
/// Overlay rule: at the start of each ICU token, the longest dictionary word that ENDS ON AN ICU
/// BOUNDARY replaces the tokens it covers. Words ending inside an ICU token are ignored (ICU's split
/// stands), so 京东方 in the dictionary never cuts 方面 out of 京东方面 (京东 is taken instead), and
/// numbers and Latin runs are never split.
///
/// Not Sendable: it owns an ICU break iterator and scratch buffers. Create one per thread (cheap).
public final class Segmenter {
    /// The overlay's words.
    public let dictionary: WordDictionary
    /// The normaliser applied before segmenting.
    public let normalizer: Normalizer
    private let iterator: UnsafeMutableRawPointer
    private var scratch = Scratch()

    /// Scratch buffers reused across calls, so counting and indexing allocate almost nothing.
    struct Scratch {
        var normalized = NormalizationBuffers()
        var utf16: [UInt16] = []
        var utf16ToScalar: [Int32] = []
        var ends: [Int32] = []
        var statuses: [Int32] = []
        var boundary: [Bool] = []
        var pieceStarts: [Int32] = []
        var pieceEnds: [Int32] = []
        var pieceKinds: [UInt8] = []
    }

    /// A segmenter with `dictionary` as its overlay; throws when ICU's word break data is missing.
    public init(dictionary: WordDictionary) throws(TextError) {
        var status: Int32 = 0
        guard let iterator = cicu_wordbreak_open("zh", &status), status <= 0 else {
            throw .icu(operation: "word break (locale zh)", status: String(cString: cicu_error_name(status)))
        }
        self.iterator = iterator
        self.dictionary = dictionary
        self.normalizer = Normalizer()
    }

    /// Identifies everything segmentation depends on (normaliser rules, ICU version, overlay words),
    /// so an index can tell when its tokens would come out differently and must be rebuilt.
    public var fingerprint: String {
        "\(normalizer.fingerprint);wordbreak-zh;overlay-boundary-v1;\(dictionary.fingerprint)"
    }

    deinit {
        cicu_wordbreak_close(iterator)
    }

    /// The tokens of `text`: no whitespace tokens; punctuation kept with kind `.punctuation`;
    /// offsets are scalar offsets into `text`.
    public func segment(_ text: String) -> [Token] {
        var local = Scratch()
        swap(&local, &scratch)
        defer { swap(&local, &scratch) }
        _ = normalizer.normalize(text, into: &local.normalized)
        var spans: [(start: Int32, end: Int32, kind: TokenKind)] = []
        let normalizedScalars = local.normalized.scalars
        normalizedScalars.withUnsafeBufferPointer { scalars in
            run(scalars, scratch: &local) { start, end, kind in
                spans.append((Int32(truncatingIfNeeded: start), Int32(truncatingIfNeeded: end), kind))
            }
        }
        var tokens: [Token] = []
        tokens.reserveCapacity(spans.count)
        let view = text.unicodeScalars
        var cursor = view.startIndex
        var cursorOffset = 0
        for span in spans {
            let originalStart = Int(local.normalized.starts[Int(span.start)])
            let originalEnd = Int(local.normalized.ends[Int(span.end) - 1])
            // Starts never decrease (the cursor stays at the previous token's start), so one forward
            // walk serves all tokens, even those cut from one original scalar (½ → 1⁄2) that share a span.
            while cursorOffset < originalStart, cursor < view.endIndex {
                view.formIndex(after: &cursor)
                cursorOffset += 1
            }
            var endIndex = cursor
            var endOffset = cursorOffset
            while endOffset < originalEnd, endIndex < view.endIndex {
                view.formIndex(after: &endIndex)
                endOffset += 1
            }
            tokens.append(Token(
                text: String(view[cursor..<endIndex]),
                normalized: String(scalars: normalizedScalars[Int(span.start)..<Int(span.end)]),
                kind: span.kind,
                start: originalStart,
                end: originalEnd))
        }
        return tokens
    }

    /// The number of tokens in `text`, punctuation excluded, without building any token.
    public func tokenCount(_ text: String) -> Int {
        var local = Scratch()
        swap(&local, &scratch)
        defer { swap(&local, &scratch) }
        _ = normalizer.normalize(text, into: &local.normalized)
        var count = 0
        let normalizedScalars = local.normalized.scalars
        normalizedScalars.withUnsafeBufferPointer { scalars in
            run(scalars, scratch: &local) { _, _, kind in
                if kind != .punctuation { count += 1 }
            }
        }
        return count
    }

    /// Segments already-normalised text, calling `body` with each token's NORMALISED scalar range
    /// (map it back with `normalized.originalRange`) and kind; the allocation-light path for indexing.
    public func segmentNormalized(_ normalized: NormalizedText, into body: (Range<Int>, TokenKind) -> Void) {
        var local = Scratch()
        swap(&local, &scratch)
        defer { swap(&local, &scratch) }
        normalized.scalars.withUnsafeBufferPointer { scalars in
            run(scalars, scratch: &local) { start, end, kind in body(start..<end, kind) }
        }
    }

    /// ICU word break alone on `text` (no normalisation, no overlay): the number of segments,
    /// whitespace included. For benchmarks that separate ICU's cost from the rest.
    public func icuSegmentCount(_ text: String) -> Int {
        var units = Array(text.utf16)
        guard !units.isEmpty, units.count < Int(Int32.max) else { return 0 }
        var ends = [Int32](repeating: 0, count: units.count + 1)
        var statuses = [Int32](repeating: 0, count: units.count + 1)
        var status: Int32 = 0
        let count = cicu_wordbreak_segments(
            iterator, &units, Int32(units.count), &ends, &statuses, Int32(ends.count), &status)
        return status > 0 ? 0 : Int(count)
    }

    // MARK: The core

    /// Kinds as stored in scratch (raw values); `skip` marks whitespace.
    private static let kindWord: UInt8 = 0, kindNumber: UInt8 = 1, kindLatin: UInt8 = 2
    private static let kindPunctuation: UInt8 = 3, kindSkip: UInt8 = 255

    @inline(__always)
    private static func tokenKind(_ raw: UInt8) -> TokenKind {
        switch raw {
        case kindNumber: return .number
        case kindLatin: return .latin
        case kindPunctuation: return .punctuation
        default: return .word
        }
    }

    /// Segments normalised scalars, calling `emit(start, end, kind)` in order (normalised offsets).
    private func run(
        _ scalars: UnsafeBufferPointer<Unicode.Scalar>, scratch: inout Scratch,
        emit: (Int, Int, TokenKind) -> Void
    ) {
        let n = scalars.count
        guard n > 0 else { return }
        // 1. UTF-16 for ICU (and a UTF-16 → scalar offset map when there are surrogate pairs).
        scratch.utf16.removeAll(keepingCapacity: true)
        scratch.utf16.reserveCapacity(n + 8)
        var hasPairs = false
        for scalar in scalars {
            let v = scalar.value
            if v < 0x10000 {
                scratch.utf16.append(UInt16(truncatingIfNeeded: v))
            } else {
                hasPairs = true
                let w = v - 0x10000
                scratch.utf16.append(UInt16(truncatingIfNeeded: 0xD800 + (w >> 10)))
                scratch.utf16.append(UInt16(truncatingIfNeeded: 0xDC00 + (w & 0x3FF)))
            }
        }
        let unitCount = scratch.utf16.count
        guard unitCount < Int(Int32.max) else {
            // Beyond ICU's 32-bit offsets: split by character class instead of crashing.
            scratch.pieceStarts.removeAll(keepingCapacity: true)
            scratch.pieceEnds.removeAll(keepingCapacity: true)
            scratch.pieceKinds.removeAll(keepingCapacity: true)
            Self.fallbackPieces(scalars, into: &scratch)
            for k in 0..<scratch.pieceStarts.count where scratch.pieceKinds[k] != Self.kindSkip {
                emit(Int(scratch.pieceStarts[k]), Int(scratch.pieceEnds[k]), Self.tokenKind(scratch.pieceKinds[k]))
            }
            return
        }
        if hasPairs {
            scratch.utf16ToScalar.removeAll(keepingCapacity: true)
            scratch.utf16ToScalar.reserveCapacity(unitCount + 1)
            for (index, scalar) in scalars.enumerated() {
                scratch.utf16ToScalar.append(Int32(index))
                if scalar.value >= 0x10000 { scratch.utf16ToScalar.append(Int32(index)) }
            }
            scratch.utf16ToScalar.append(Int32(n))
        }
        // 2. ICU word break in one call.
        let capacity = unitCount + 1
        if scratch.ends.count < capacity {
            scratch.ends = [Int32](repeating: 0, count: capacity)
            scratch.statuses = [Int32](repeating: 0, count: capacity)
        }
        var status: Int32 = 0
        let segmentCount: Int = scratch.utf16.withUnsafeBufferPointer { units in
            scratch.ends.withUnsafeMutableBufferPointer { ends in
                scratch.statuses.withUnsafeMutableBufferPointer { statuses in
                    guard let unitBase = units.baseAddress, let endBase = ends.baseAddress,
                          let statusBase = statuses.baseAddress else { return 0 }
                    return Int(cicu_wordbreak_segments(
                        iterator, unitBase, Int32(unitCount), endBase, statusBase, Int32(capacity), &status))
                }
            }
        }
        // 3. ICU pieces in scalar offsets, with kinds; whitespace marked to skip.
        scratch.pieceStarts.removeAll(keepingCapacity: true)
        scratch.pieceEnds.removeAll(keepingCapacity: true)
        scratch.pieceKinds.removeAll(keepingCapacity: true)
        if status > 0 || segmentCount == 0 {
            // ICU failed on this text: fall back to one piece per scalar run of the same class.
            Self.fallbackPieces(scalars, into: &scratch)
        } else {
            var previous: Int32 = 0
            for k in 0..<segmentCount {
                let endUnit = Int(scratch.ends[k])
                let end = hasPairs ? scratch.utf16ToScalar[min(endUnit, unitCount)] : Int32(endUnit)
                if end <= previous { continue }
                let kind = Self.classify(scalars, Int(previous), Int(end), status: scratch.statuses[k])
                scratch.pieceStarts.append(previous)
                scratch.pieceEnds.append(end)
                scratch.pieceKinds.append(kind)
                previous = end
            }
            if Int(previous) < n {
                scratch.pieceStarts.append(previous)
                scratch.pieceEnds.append(Int32(n))
                scratch.pieceKinds.append(Self.classify(scalars, Int(previous), n, status: 0))
            }
        }
        // 4. The dictionary overlay.
        let pieceCount = scratch.pieceStarts.count
        guard dictionary.maxLength > 1 else {
            for k in 0..<pieceCount where scratch.pieceKinds[k] != Self.kindSkip {
                emit(Int(scratch.pieceStarts[k]), Int(scratch.pieceEnds[k]), Self.tokenKind(scratch.pieceKinds[k]))
            }
            return
        }
        if scratch.boundary.count < n + 1 {
            scratch.boundary = [Bool](repeating: false, count: n + 1)
        } else {
            for k in 0...n { scratch.boundary[k] = false }
        }
        for k in 0..<pieceCount { scratch.boundary[Int(scratch.pieceEnds[k])] = true }
        let dictionary = self.dictionary
        scratch.boundary.withUnsafeBufferPointer { boundary in
            var k = 0
            while k < pieceCount {
                let kind = scratch.pieceKinds[k]
                let start = Int(scratch.pieceStarts[k])
                let end = Int(scratch.pieceEnds[k])
                if kind == Self.kindSkip {
                    k += 1
                    continue
                }
                let length = dictionary.longestMatch(in: scalars, from: start, to: n) { boundary[start + $0] }
                if start + length > end {
                    // Join pieces k...j, which end exactly where the word ends.
                    let wordEnd = Int32(start + length)
                    var j = k
                    var merged = kind
                    while scratch.pieceEnds[j] < wordEnd {
                        j += 1
                        let next = scratch.pieceKinds[j]
                        if next == Self.kindWord || (next != merged && next != Self.kindSkip) { merged = Self.kindWord }
                    }
                    emit(start, start + length, Self.tokenKind(merged))
                    k = j + 1
                } else {
                    emit(start, end, Self.tokenKind(kind))
                    k += 1
                }
            }
        }
    }

    /// The kind of scalars[start..<end] from ICU's rule status (whitespace → skip).
    @inline(__always)
    private static func classify(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int, status: Int32) -> UInt8 {
        switch status {
        case 100..<200:
            for k in start..<end {
                let v = scalars[k].value
                if (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) { return kindLatin }
                if v >= 0x80, scalars[k].properties.isAlphabetic { return kindLatin }
            }
            return kindNumber
        case 200..<300:
            return kindLatin
        case 300...:
            return kindWord
        default:
            for k in start..<end where !isWhitespace(scalars[k]) { return kindPunctuation }
            return kindSkip
        }
    }

    @inline(__always)
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v == 0x20 || (v >= 0x09 && v <= 0x0D) { return true }
        if v < 0x80 { return false }
        return scalar.properties.isWhitespace || v == 0x200B || v == 0xFEFF
    }

    /// Pieces without ICU: runs of ideographs, of digits, of letters, single others; whitespace skipped.
    private static func fallbackPieces(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, into scratch: inout Scratch) {
        func kindOf(_ scalar: Unicode.Scalar) -> UInt8 {
            if isWhitespace(scalar) { return kindSkip }
            if scalar.properties.numericType != nil, scalar.value < 0x3000 { return kindNumber }
            if scalar.properties.isIdeographic { return kindWord }
            if scalar.properties.isAlphabetic { return kindLatin }
            return kindPunctuation
        }
        var k = 0
        while k < scalars.count {
            let kind = kindOf(scalars[k])
            var end = k + 1
            if kind != kindPunctuation && kind != kindWord {
                while end < scalars.count, kindOf(scalars[end]) == kind { end += 1 }
            }
            scratch.pieceStarts.append(Int32(truncatingIfNeeded: k))
            scratch.pieceEnds.append(Int32(truncatingIfNeeded: end))
            scratch.pieceKinds.append(kind)
            k = end
        }
    }
}
