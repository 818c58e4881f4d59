/// Folds text one scalar to one scalar: each scalar to its normalised form (NFKC, Traditional →
/// Simplified, lower case, as `Normalizer` does) when that form is a single scalar, else to itself.
///
/// Why: a matcher that reports offsets into the original text (the extractor's automaton) needs a
/// fold that never changes the length, so folded offsets are original offsets. It shares the
/// normaliser's tables, so the extractor and the index fold characters the same way.
public struct ScalarFold: Sendable {
    /// A fold over the shared tables (built on first use, once per process).
    public init() {}

    /// The folded value of one scalar value.
    @inline(__always)
    public func fold(_ value: UInt32) -> UInt32 {
        guard value < NormalizationTable.limit else { return value }
        let entry = NormalizationTable.shared.entries[Int(value)]
        return entry & NormalizationTable.expansionBit != 0 ? value : entry & 0x1F_FFFF
    }

    /// The normalised scalar values of `scalars` when normalising maps them one to one (no scalar
    /// expands to several or combines with its neighbour), so normalised offsets are original
    /// offsets; nil otherwise (then use `Normalizer.normalize` and its offset map).
    ///
    /// Why: a search page finds its matches in the stored text of each hit; for most Chinese news
    /// this table walk replaces a normalisation that records an offset map.
    public func normalizedOneToOne(_ scalars: [Unicode.Scalar]) -> [UInt32]? {
        let limit = NormalizationTable.limit
        let special = NormalizationTable.expansionBit | NormalizationTable.combinesBit
        return NormalizationTable.shared.entries.withUnsafeBufferPointer { entries -> [UInt32]? in
            var out = [UInt32](repeating: 0, count: scalars.count)
            for (i, scalar) in scalars.enumerated() {
                let value = scalar.value
                if value < limit {
                    let entry = entries[Int(value)]
                    if entry & special != 0 { return nil }
                    out[i] = entry & 0x1F_FFFF
                } else {
                    out[i] = value
                }
            }
            return out
        }
    }

    /// The folded scalar values of `string`, one per scalar.
    public func fold(_ string: String) -> [UInt32] {
        var original: [UInt32] = []
        var folded: [UInt32] = []
        fold(string, original: &original, folded: &folded)
        return folded
    }

    /// Appends the scalar values of `string` to `original` and their folded values to `folded`.
    ///
    /// Why one pass for both: the extractor needs the original scalars (for the text it reports)
    /// and the folded ones (for matching); this is its hot path.
    public func fold(_ string: String, original: inout [UInt32], folded: inout [UInt32]) {
        let capacity = string.utf8.count
        original.reserveCapacity(original.count + capacity)
        folded.reserveCapacity(folded.count + capacity)
        let limit = NormalizationTable.limit
        let expansion = NormalizationTable.expansionBit
        NormalizationTable.shared.entries.withUnsafeBufferPointer { entries in
            for scalar in string.unicodeScalars {
                let value = scalar.value
                original.append(value)
                if value < limit {
                    let entry = entries[Int(value)]
                    folded.append(entry & expansion != 0 ? value : entry & 0x1F_FFFF)
                } else {
                    folded.append(value)
                }
            }
        }
    }
}
