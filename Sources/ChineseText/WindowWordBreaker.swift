import CICU

/// ICU word boundaries (locale zh) in a small window of text: does a span stand as a word there?
///
/// Why: a short company name can sit inside ordinary words (好未来 in 美好未来, 国航 in 中国航天); ICU's
/// dictionary segmentation knows those words. Only the few short names with ideographs on both sides are
/// checked, on a window of a dozen characters, so the extractor stays a single fast pass.
/// Not Sendable (it owns an ICU iterator): one per extraction call, opened on first use.
public final class WindowWordBreaker {
    private var iterator: UnsafeMutableRawPointer?
    private var unavailable = false
    private var units: [UInt16] = []
    private var unitToScalar: [Int] = []
    private var ends = [Int32](repeating: 0, count: 64)
    private var statuses = [Int32](repeating: 0, count: 64)

    /// A breaker; ICU's iterator is opened on first use.
    public init() {}

    deinit {
        if let iterator { cicu_wordbreak_close(iterator) }
    }

    /// True when ICU puts a word boundary at `start` (unless `requireStart` is false) and at `end`
    /// (scalar offsets into `scalars`);
    /// nil when ICU's word break iterator cannot be opened (the caller then keeps the name).
    public func hasBoundaries(_ scalars: [UInt32], start: Int, end: Int, requireStart: Bool = true) -> Bool? {
        if iterator == nil && !unavailable {
            var status: Int32 = 0
            iterator = cicu_wordbreak_open("zh", &status)
            if iterator == nil || status > 0 { unavailable = true }
        }
        guard let iterator, !unavailable else { return nil }
        let windowStart = max(0, start - 6)
        let windowEnd = min(scalars.count, end + 6)
        units.removeAll(keepingCapacity: true)
        unitToScalar.removeAll(keepingCapacity: true)
        for offset in windowStart..<windowEnd {
            let value = scalars[offset]
            guard let scalar = Unicode.Scalar(value) else { return nil }
            for unit in String(scalar).utf16 {
                units.append(unit)
                unitToScalar.append(offset)
            }
        }
        unitToScalar.append(windowEnd)
        var status: Int32 = 0
        let count = units.withUnsafeBufferPointer { text in
            ends.withUnsafeMutableBufferPointer { endBuffer in
                statuses.withUnsafeMutableBufferPointer { statusBuffer in
                    cicu_wordbreak_segments(iterator, text.baseAddress, Int32(text.count), endBuffer.baseAddress,
                                            statusBuffer.baseAddress, Int32(endBuffer.count), &status)
                }
            }
        }
        if status > 0 { return nil }
        var startOK = start == windowStart || !requireStart
        var endOK = end == windowEnd
        for index in 0..<Int(count) {
            let unit = Int(ends[index])
            guard unit >= 0 && unit < unitToScalar.count else { continue }
            let boundary = unitToScalar[unit]
            if boundary == start { startOK = true }
            if boundary == end { endOK = true }
        }
        return startOK && endOK
    }
}
